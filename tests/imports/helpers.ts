// Uploading a file through the real route as a browser would: multipart with the CSRF token.
import { Readable } from 'node:stream';
import type { Client } from '../helpers/app.js';
import { createI18n } from '../../src/i18n/index.js';
import { validatorFor } from '../../src/imports/routes.js';

/** Rows validated as the app does: with each feature's own form schema, in English. */
export const validate = validatorFor(createI18n('en', 'Europe/Copenhagen', 'DKK'));

export function multipart(fields: Record<string, string>, file: { name: string; content: Buffer; type?: string } | null) {
  const boundary = '----test' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`,
      ),
    );
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Posts the upload form. With `asSocket` the body arrives in 64 KB pieces, as it does over a
 * network connection, instead of as one buffer.
 */
export async function upload(
  client: Client,
  entity: string,
  file: { name: string; content: Buffer; type?: string } | null,
  options: { asSocket?: boolean } = {},
) {
  if (!client.csrf) await client.get('/imports');
  const { payload: body, contentType } = multipart({ _csrf: client.csrf, entity }, file);
  const payload = options.asSocket
    ? Readable.from(
        (function* () {
          for (let i = 0; i < body.length; i += 64 * 1024) yield body.subarray(i, i + 64 * 1024);
        })(),
        { objectMode: false },
      )
    : body;
  return client.app.inject({
    method: 'POST',
    url: '/imports',
    payload,
    headers: { 'content-type': contentType, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
}

/** Windows-1252 bytes for text made only of Latin-1 letters (æøåäöÆØÅÄÖ and ASCII). */
export function windows1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.charCodeAt(0);
      if (code > 0xff) throw new Error(`not in Latin-1: ${ch}`);
      return code;
    }),
  );
}

/** Odense's twin cities as the international office keeps them in Excel: Danish headers, saved as Windows-1252 CSV. */
export const TWIN_CITIES =
  [
    'Navn;Land;By;Hjemmeside;Beskrivelse',
    'Brno;Tjekkiet;Sydmähren;https://www.brno.cz;',
    'Shaoxing;Kina;Zhejiang;;',
    'Klaksvik;Færøerne;;https://www.klaksvik.fo;',
    'Schwerin;Tyskland;Mecklenburg-Vorpommern;;',
    'Upernavik;Grønland;;;',
    'Kopavogur;Island;;https://www.kopavogur.is;"Venskabsby siden 1961\nKontakt: borgmesterens kontor"',
    'Petah Tikva;Israel;;;',
    'Funabashi;Japan;Chiba;;',
    'Kaunas;Litauen;;;',
    'Östersund;Sverige;Jämtland;;',
    'Norrköping;Sverige;Östergötland;;',
    'Trondheim;Norge;Trøndelag;;',
    'Katowice;Polen;Schlesien;;',
    'Columbus;USA;Ohio;https://www.columbus.gov;Sister Cities International – 2 × årligt',
    'Kyiv;Ukraine;;;',
    'Iksan;Sydkorea;;;',
    'St Albans;Storbritannien;England;;',
    'Groningen;Holland;;;',
    'Izmir;Tyrkiet;;https://www.izmir.bel.tr;',
    'Tampere;Finland;Pirkanmaa;;',
  ].join('\r\n') + '\r\n';
