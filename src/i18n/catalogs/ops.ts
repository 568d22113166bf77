// Operations: storage failures, the setup link, the version in the footer.
import type { Catalog } from '../index.js';

export default {
  en: {
    'error.notSaved.title': 'Not saved: the server is out of storage space',
    'error.notSaved.body':
      'What you just sent was not saved. Reading works as usual; please tell your administrator (reference {id}) and try again later.',
    'error.unavailable.title': 'Not saved: the database cannot be written just now',
    'error.unavailable.body':
      'What you just sent was not saved. Please try again in a moment; if it keeps happening, tell your administrator (reference {id}).',
    'error.setupToken.title': 'Setup needs the link from the server',
    'error.setupToken.body':
      'To keep strangers from taking over a new installation, setup only opens with the one-time link the server printed in its console (or log) when it started. Ask whoever started the server for that link.',
    'app.version': 'Version {version}',
  },
  da: {
    'error.notSaved.title': 'Ikke gemt: serveren er løbet tør for lagerplads',
    'error.notSaved.body':
      'Det, du lige sendte, blev ikke gemt. Du kan stadig læse som normalt; sig det til din administrator (reference {id}), og prøv igen senere.',
    'error.unavailable.title': 'Ikke gemt: databasen kan ikke skrives lige nu',
    'error.unavailable.body':
      'Det, du lige sendte, blev ikke gemt. Prøv igen om et øjeblik; sker det igen, så kontakt din administrator (reference {id}).',
    'error.setupToken.title': 'Opsætningen kræver linket fra serveren',
    'error.setupToken.body':
      'For at fremmede ikke kan overtage en ny installation, åbner opsætningen kun med det engangslink, serveren skrev i sin konsol (eller log), da den startede. Spørg den, der startede serveren, om linket.',
    'app.version': 'Version {version}',
  },
  nb: {
    'error.notSaved.title': 'Ikke lagret: serveren er tom for lagringsplass',
    'error.notSaved.body':
      'Det du nettopp sendte, ble ikke lagret. Du kan fortsatt lese som vanlig; si fra til administratoren (referanse {id}) og prøv igjen senere.',
    'error.unavailable.title': 'Ikke lagret: databasen kan ikke skrives akkurat nå',
    'error.unavailable.body':
      'Det du nettopp sendte, ble ikke lagret. Prøv igjen om et øyeblikk; skjer det igjen, si fra til administratoren (referanse {id}).',
    'error.setupToken.title': 'Oppsettet krever lenken fra serveren',
    'error.setupToken.body':
      'For at ingen uvedkommende skal kunne overta en ny installasjon, åpner oppsettet bare med engangslenken serveren skrev i konsollen (eller loggen) da den startet. Spør den som startet serveren, om lenken.',
    'app.version': 'Versjon {version}',
  },
  sv: {
    'error.notSaved.title': 'Inte sparat: servern har slut på lagringsutrymme',
    'error.notSaved.body':
      'Det du just skickade sparades inte. Du kan fortfarande läsa som vanligt; meddela din administratör (referens {id}) och försök igen senare.',
    'error.unavailable.title': 'Inte sparat: databasen kan inte skrivas just nu',
    'error.unavailable.body':
      'Det du just skickade sparades inte. Försök igen om en stund; händer det igen, kontakta din administratör (referens {id}).',
    'error.setupToken.title': 'Installationen kräver länken från servern',
    'error.setupToken.body':
      'För att obehöriga inte ska kunna ta över en ny installation öppnas installationen bara med engångslänken som servern skrev i sin konsol (eller logg) när den startade. Fråga den som startade servern efter länken.',
    'app.version': 'Version {version}',
  },
} satisfies Catalog;
