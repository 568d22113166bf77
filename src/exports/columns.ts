// How a list declares its export, once: each column by its row key with a label (a translation
// key; {currency} is filled with the organisation's currency), a cell type and a width; the
// rows come from the list's own query, read lazily and shaped by one function.
import type { Db } from '../db/client.js';
import type { I18n } from '../i18n/index.js';
import type { CellType, ExportColumn, ExportList, ExportRow, VCardFields } from './types.js';
import { iterateSelect, type BuiltSelect } from './iterate.js';

export interface ColumnSpec {
  /** Translation key of the column label, e.g. 'partners.name'. */
  label: string;
  type: CellType;
  /** Width in characters for XLSX. */
  width?: number;
  /** money: the row key holding the currency code; without it, the organisation's currency. */
  currencyKey?: string;
}

/** Column constructors: `name: col.text('partners.name', 32)`. */
export const col = {
  text: (label: string, width?: number): ColumnSpec => ({ label, type: 'text', width }),
  date: (label: string): ColumnSpec => ({ label, type: 'date' }),
  instant: (label: string): ColumnSpec => ({ label, type: 'instant' }),
  time: (label: string): ColumnSpec => ({ label, type: 'time', width: 8 }),
  number: (label: string): ColumnSpec => ({ label, type: 'number' }),
  money: (label: string, currencyKey?: string): ColumnSpec => ({ label, type: 'money', width: 16, currencyKey }),
};

type RowOf<Q extends BuiltSelect> = ReturnType<Q['all']>[number];

export interface ExportSpec<Q extends BuiltSelect> {
  /** The list's name in /exports/<name>.<format>. */
  name: string;
  personal: boolean;
  /** The list page's own select, built but not executed. */
  query: Q;
  /** In the order of the file; keys are the row's keys. */
  columns: Record<string, ColumnSpec>;
  /** The query's row as the export shows it (codes put into words); without it, as it is. */
  row?: (row: RowOf<Q>) => ExportRow;
  vcard?: (row: ExportRow) => VCardFields;
}

function exportColumns(i18n: I18n, specs: Record<string, ColumnSpec>): ExportColumn[] {
  return Object.entries(specs).map(([key, c]) => ({
    key,
    header: i18n.t(c.label, { currency: i18n.currency }),
    type: c.type,
    ...(c.width !== undefined && { width: c.width }),
    ...(c.currencyKey !== undefined && { currencyKey: c.currencyKey }),
  }));
}

export function defineExport<Q extends BuiltSelect>(db: Db, i18n: I18n, spec: ExportSpec<Q>): ExportList {
  const shape = spec.row ?? ((r: RowOf<Q>) => r as ExportRow);
  return {
    name: spec.name,
    personal: spec.personal,
    columns: exportColumns(i18n, spec.columns),
    *rows() {
      for (const r of iterateSelect(db, spec.query)) yield shape(r);
    },
    ...(spec.vcard && { vcard: spec.vcard }),
  };
}
