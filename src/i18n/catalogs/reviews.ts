// Reviews: the schedule, the review form, Odense's rule and its reasons, the decision and end plans.
import type { Catalog } from '../index.js';

export default {
  en: {
    'reviews.reason.valueBelowInvestment': 'Value {value} is below investment level {level}: {amount} in {months} months',
    'reviews.reason.noGoalLinked': 'No goal of the organisation is linked to this partnership',
    'reviews.reason.noGoalSupported': 'No linked goal is supported (every goal score is 0)',
    'reviews.reason.lostTouch': 'No contact since {date}',
    'reviews.reason.neverContacted': 'No contact has been logged',
    'reviews.reason.smallMargin': 'Value {value} only just covers investment level {level}: {amount} in {months} months',
    'reviews.reason.valueFell': 'Value fell from {previous} to {value} since the previous review',
    'reviews.reason.valueCoversInvestment': 'Value {value} covers investment level {level}: {amount} in {months} months',
    'reviews.reason.notScored': 'Not scored yet',
  },
  da: {
    'reviews.reason.valueBelowInvestment': 'Værdi {value} er under investeringsniveau {level}: {amount} på {months} måneder',
    'reviews.reason.noGoalLinked': 'Intet af organisationens mål er knyttet til partnerskabet',
    'reviews.reason.noGoalSupported': 'Intet tilknyttet mål understøttes (alle målscorer er 0)',
    'reviews.reason.lostTouch': 'Ingen kontakt siden {date}',
    'reviews.reason.neverContacted': 'Der er ikke logget nogen kontakt',
    'reviews.reason.smallMargin': 'Værdi {value} dækker kun lige investeringsniveau {level}: {amount} på {months} måneder',
    'reviews.reason.valueFell': 'Værdien er faldet fra {previous} til {value} siden sidste evaluering',
    'reviews.reason.valueCoversInvestment': 'Værdi {value} dækker investeringsniveau {level}: {amount} på {months} måneder',
    'reviews.reason.notScored': 'Endnu ikke scoret',
  },
  nb: {
    'reviews.reason.valueBelowInvestment': 'Verdi {value} er under investeringsnivå {level}: {amount} på {months} måneder',
    'reviews.reason.noGoalLinked': 'Ingen av organisasjonens mål er knyttet til partnerskapet',
    'reviews.reason.noGoalSupported': 'Ingen tilknyttede mål støttes (alle målskårer er 0)',
    'reviews.reason.lostTouch': 'Ingen kontakt siden {date}',
    'reviews.reason.neverContacted': 'Ingen kontakt er logget',
    'reviews.reason.smallMargin': 'Verdi {value} dekker så vidt investeringsnivå {level}: {amount} på {months} måneder',
    'reviews.reason.valueFell': 'Verdien falt fra {previous} til {value} siden forrige evaluering',
    'reviews.reason.valueCoversInvestment': 'Verdi {value} dekker investeringsnivå {level}: {amount} på {months} måneder',
    'reviews.reason.notScored': 'Ikke vurdert ennå',
  },
  sv: {
    'reviews.reason.valueBelowInvestment': 'Värde {value} är under investeringsnivå {level}: {amount} på {months} månader',
    'reviews.reason.noGoalLinked': 'Inget av organisationens mål är kopplat till partnerskapet',
    'reviews.reason.noGoalSupported': 'Inget kopplat mål stöds (alla målpoäng är 0)',
    'reviews.reason.lostTouch': 'Ingen kontakt sedan {date}',
    'reviews.reason.neverContacted': 'Ingen kontakt har loggats',
    'reviews.reason.smallMargin': 'Värde {value} täcker nätt och jämnt investeringsnivå {level}: {amount} på {months} månader',
    'reviews.reason.valueFell': 'Värdet har sjunkit från {previous} till {value} sedan förra utvärderingen',
    'reviews.reason.valueCoversInvestment': 'Värde {value} täcker investeringsnivå {level}: {amount} på {months} månader',
    'reviews.reason.notScored': 'Inte poängsatt ännu',
  },
} satisfies Catalog;
