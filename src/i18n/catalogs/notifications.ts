import type { Catalog } from '../index.js';

export default {
  en: {},
  da: {},
  nb: {},
  sv: {},
} satisfies Catalog;
