// Demo data: contacts at the partners that exist, a contact log with realistic Nordic summaries,
// and follow-ups. Large size: about 20,000 contacts and 500,000 log entries, written with raw
// prepared statements in one transaction (the FTS triggers index them as they go). Some active
// partnerships are deliberately left without recent contact, so "Losing touch" has rows.
import { inTransaction } from '../db/client.js';
import { recordAudit } from '../audit/record.js';
import { addDays, addMonths, todayIn } from '../lib/dates.js';
import { foldText } from '../search/fold.js';
import type { DemoContext } from './index.js';

const FIRST = [
  'Anne',
  'Søren',
  'Mette',
  'Jørgen',
  'Åsa',
  'Björn',
  'Sigríður',
  'Guðrún',
  'Jón',
  'Þórdís',
  'Kari',
  'Øystein',
  'Ingrid',
  'Märta',
  'Lars',
  'Pernille',
  'Henrik',
  'Astrid',
  'Mikael',
  'Johanna',
  'Tomasz',
  'Agnieszka',
  'Jürgen',
  'Anaïs',
  'José',
  'Zoë',
  'Rūta',
  'Jānis',
  'Aino',
  'Väinö',
  'Hanne',
  'Ólafur',
  'Birgitta',
  'Göran',
  'Kristín',
  'Dagný',
  'Eero',
  'Frida',
  'Maja',
  'Ahmed',
  'Leyla',
  'Yuki',
];
const LAST = [
  'Nielsen',
  'Sørensen',
  'Jørgensen',
  'Kristiansen',
  'Åberg',
  'Lindqvist',
  'Jónsdóttir',
  'Guðmundsson',
  'Þórsson',
  'Østby',
  'Bråten',
  'Haugland',
  'Söderström',
  'Nyström',
  'Korhonen',
  'Mäkinen',
  'Kowalski',
  'Nowak',
  'Müller',
  'Schäfer',
  'Dubois',
  'García',
  'Kazlauskienė',
  'Bērziņš',
  'Tamm',
  'Holm',
  'Dahl',
  'Ødegaard',
  'Lund',
  'Ekström',
  'Björklund',
  'Hansen',
  'Olsen',
  'Vestergaard',
];
const TITLES = [
  'International coordinator',
  'Mayor',
  'Deputy mayor',
  'Head of international relations',
  'Project officer',
  'Secretary general',
  'Policy adviser',
  'Programme manager',
  'Chief of staff',
  'Communications officer',
  'Senior adviser',
  'Director of urban development',
];
const LANGUAGES = ['', '', 'da', 'nb', 'sv', 'en', 'de', 'is', 'fi'];
const TOPICS = [
  'klimatilpasning',
  'grøn omstilling',
  'ældrepleje',
  'skoleudveksling',
  'cykelinfrastruktur',
  'fjernvarme',
  'robotteknologi',
  'sundhedsinnovation',
  'integration',
  'ungdomsbeskæftigelse',
  'återvinning',
  'kollektivtrafik',
  'digitalisering',
  'stadsutveckling',
  'bærekraftig byutvikling',
  'havneutvikling',
  'kulturutveksling',
  'EU-ansøgning',
  'vannforvaltning',
  'förnybar energi',
  'idrætsudveksling',
  'smarte byer',
  'mobilitet',
  'folkesundhed',
  'barnehager',
  'äldreomsorg',
  'bibliotekssamarbejde',
  'turisme',
  'studiebesøg',
  'kystsikring',
];
const SUMMARIES = [
  (p: string, t: string) => `Møde med ${p} om ${t}`,
  (p: string, t: string) => `Videomøde med ${p}: status på ${t}`,
  (p: string, t: string) => `Telefonsamtale med ${p} om fælles ansøgning (${t})`,
  (p: string, t: string) => `Studiebesøg hos ${p} – ${t} og næste skridt`,
  (p: string, t: string) => `Delegationsbesøg fra ${p}; rundvisning og drøftelse af ${t}`,
  (p: string, t: string) => `Möte med ${p} om ${t} och gemensamma mål`,
  (p: string, t: string) => `Samtal med ${p}: uppföljning av ${t}`,
  (p: string, t: string) => `Møte med ${p} om ${t} og videre samarbeid`,
  (p: string, t: string) => `E-post fra ${p} om ${t}; svar sendt`,
  (p: string, t: string) => `Nettverksmøte i ${p}: erfaringsutveksling om ${t}`,
  (p: string, t: string) => `Konference med ${p}; workshop om ${t}`,
];
const OUTCOMES = [
  '',
  '',
  'Aftalt opfølgende møde efter sommerferien.',
  'Partneren sender udkast til samarbejdsaftale.',
  'Vi undersøger medfinansiering via Interreg.',
  'Enighet om felles søknad til Horisont Europa.',
  'Överenskommelse om studiebesök i vår.',
  'Ingen konkrete aftaler; god stemning.',
  'Beslutning om at sætte samarbejdet i bero.',
  'Referat delt med forvaltningen.',
];
const TASKS = [
  'Send referat til partneren',
  'Book mødelokale til delegationen',
  'Følg op på budgettet',
  'Skicka inbjudan till workshop',
  'Send søknadsutkast',
  'Aftal dato for næste besøg',
  'Informér direktionen',
  'Oppdatere kontaktlisten',
];
const TYPES = ['meeting', 'call', 'email', 'visit', 'conference', 'network_meeting', 'other'] as const;

export function fillContactLog(ctx: DemoContext): void {
  const { db, random: r, size, now } = ctx;
  const client = db.$client;
  const org = client.prepare('SELECT time_zone AS timeZone FROM organisation WHERE id = 1').get() as { timeZone: string } | undefined;
  const today = todayIn(org?.timeZone ?? 'Europe/Copenhagen', now);
  const partnerRows = client.prepare('SELECT id, name FROM partners ORDER BY id').all() as { id: number; name: string }[];
  if (partnerRows.length === 0) return;
  const partnershipRows = client
    .prepare('SELECT id, partner_id AS partnerId, status, active_since_on AS activeSinceOn FROM partnerships ORDER BY id')
    .all() as { id: number; partnerId: number; status: string; activeSinceOn: string | null }[];
  const userIds = client.prepare("SELECT id FROM users WHERE active = 1 AND role != 'viewer' ORDER BY id").pluck().all() as number[];
  const large = size === 'large';
  const contactTarget = large ? 20_000 : Math.min(400, partnerRows.length * 3);
  const entryTarget = large ? 500_000 : Math.max(300, partnershipRows.length * 12);
  const stamp = now.toISOString();

  // Active partnerships chosen to have lost touch: their entries all lie 14+ months back.
  const active = partnershipRows.filter((p) => p.status === 'active');
  const lost = new Set(active.filter((_, i) => i % 9 === 4).map((p) => p.id));
  if (lost.size === 0 && active.length > 1) lost.add(active[1]!.id);
  // One of them active long enough (30 months, as the demo reviews need) to be flagged for it, however many
  // partnerships the preset loaded before the demo's own.
  const longActive = active.filter((p) => p.activeSinceOn && p.activeSinceOn <= addMonths(today, -30));
  if (longActive.length > 0 && !longActive.some((p) => lost.has(p.id))) lost.add(longActive[0]!.id);
  const lostPartners = new Set(partnershipRows.filter((p) => lost.has(p.id)).map((p) => p.partnerId));
  const stillInTouch = partnerRows.filter((p) => !lostPartners.has(p.id));
  const daysBack = 4 * 365;

  inTransaction(db, () => {
    const insContact = client.prepare(
      'INSERT INTO contacts (partner_id, name, title, email, phone, preferred_language, notes, lawful_basis, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const contactsByPartner = new Map<number, number[]>();
    for (let i = 0; i < contactTarget; i++) {
      const partner = i < partnerRows.length ? partnerRows[i]! : r.pick(partnerRows);
      const first = r.pick(FIRST);
      const last = r.pick(LAST);
      const name = `${first} ${last}`;
      const domain =
        foldText(partner.name)
          .replace(/[^a-z0-9]+/g, '')
          .slice(0, 20) || 'partner';
      const email = r.chance(0.8)
        ? `${foldText(first).replace(/[^a-z]/g, '')}.${foldText(last).replace(/[^a-z]/g, '')}${i}@${domain}.example`
        : '';
      const id = Number(
        insContact.run(
          partner.id,
          name,
          r.pick(TITLES),
          email,
          r.chance(0.6) ? `+45 ${r.int(20, 99)} ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)}` : '',
          r.pick(LANGUAGES),
          r.chance(0.2) ? `Mødt på ${r.pick(TOPICS)}-konferencen.` : '',
          'Legitim interesse (GDPR art. 6, stk. 1, litra f): faglig kontakt i det internationale samarbejde.',
          stamp,
          stamp,
        ).lastInsertRowid,
      );
      const list = contactsByPartner.get(partner.id) ?? [];
      list.push(id);
      contactsByPartner.set(partner.id, list);
    }

    const insEntry = client.prepare(
      'INSERT INTO log_entries (occurred_on, occurred_time, type, summary, outcome, created_by_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insPartner = client.prepare('INSERT OR IGNORE INTO log_entry_partners (log_entry_id, partner_id) VALUES (?, ?)');
    const insPartnership = client.prepare('INSERT OR IGNORE INTO log_entry_partnerships (log_entry_id, partnership_id) VALUES (?, ?)');
    const insContactLink = client.prepare('INSERT OR IGNORE INTO log_entry_contacts (log_entry_id, contact_id) VALUES (?, ?)');
    const insStaff = client.prepare('INSERT OR IGNORE INTO log_entry_staff (log_entry_id, user_id) VALUES (?, ?)');
    const insFollowUp = client.prepare(
      'INSERT INTO follow_ups (log_entry_id, partnership_id, partner_id, task, due_on, assignee_id, done_at, done_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const partnerName = new Map(partnerRows.map((p) => [p.id, p.name]));

    // Entries are written oldest first, so ids follow dates roughly, as in real use. Dates are
    // day offsets from today into a precomputed table: luxon per entry would dominate the time.
    const day = new Map<number, string>();
    const dayAt = (offset: number) => {
      let d = day.get(offset);
      if (d === undefined) day.set(offset, (d = addDays(today, -offset)));
      return d;
    };
    const offsets = new Int32Array(entryTarget);
    // Skewed towards recent days: more logging as the office adopts the tool.
    for (let i = 0; i < entryTarget; i++) offsets[i] = Math.floor(daysBack * (1 - Math.sqrt(r.next())));
    offsets.sort().reverse();
    for (const offset of offsets) {
      const date = dayAt(offset);
      const onPartnership = partnershipRows.length > 0 && r.chance(0.85);
      let ps = onPartnership ? r.pick(partnershipRows) : null;
      // A lost-touch partnership gets no entry in the last 14 months, nor does its partner (an entry
      // on the partner or its other partnerships would count as contact too).
      if (ps && lostPartners.has(ps.partnerId) && offset < 430) ps = null;
      const partnerId = ps ? ps.partnerId : r.pick(offset < 430 && stillInTouch.length > 0 ? stillInTouch : partnerRows).id;
      const name = partnerName.get(partnerId)!;
      const time = r.chance(0.5) ? `${String(r.int(8, 16)).padStart(2, '0')}:${r.pick(['00', '15', '30', '45'])}` : null;
      const author = userIds.length > 0 ? r.pick(userIds) : null;
      const id = Number(
        insEntry.run(date, time, r.pick(TYPES), r.pick(SUMMARIES)(name, r.pick(TOPICS)), r.pick(OUTCOMES), author, stamp, stamp)
          .lastInsertRowid,
      );
      insPartner.run(id, partnerId);
      if (r.chance(0.05)) insPartner.run(id, r.pick(partnerRows).id);
      if (ps) insPartnership.run(id, ps.id);
      const people = contactsByPartner.get(partnerId);
      if (people && people.length > 0) {
        insContactLink.run(id, r.pick(people));
        if (people.length > 1 && r.chance(0.3)) insContactLink.run(id, r.pick(people));
      }
      if (author) insStaff.run(id, author);
      if (r.chance(large ? 0.04 : 0.25)) {
        const due = dayAt(offset - r.int(3, 45));
        const done = due < today && r.chance(0.8);
        const assignee = userIds.length > 0 ? r.pick(userIds) : null;
        insFollowUp.run(
          id,
          ps?.id ?? null,
          partnerId,
          r.pick(TASKS),
          due,
          assignee,
          done ? `${due}T12:00:00.000Z` : null,
          done ? assignee : null,
          stamp,
        );
      }
    }
    recordAudit(db, { userId: null, now }, 'demo', 'log_entry', null, { contacts: [null, contactTarget], logEntries: [null, entryTarget] });
  });
}
