import type zh from '../zh/supervisorScopes.ts';

export default {
  'project.industry': 'Industry',
  'project.industry.required': 'Choose the industry',
  'project.industry.hint': 'Decides which line supervisor oversees the project (housing, transport, water …).',
  'scopes.button': 'Supervision scope',
  'scopes.title': 'Supervision scope of {name}',
  'scopes.intro': 'A supervisor account sees only the projects of its scope. A city code (e.g. 330100) covers its districts, a province code (e.g. 330000) the whole province.',
  'scopes.none': 'No scope: this account sees no project.',
  'scopes.region': 'Region code',
  'scopes.region.required': 'Enter a 6-digit region code',
  'scopes.tradeType': 'Trade type',
  'scopes.industry': 'Industry',
  'scopes.industry.all': 'Every industry',
  'scopes.add': 'Add a scope',
  'scopes.remove': 'Remove scope {n}',
  'scopes.save': 'Save the scope',
  'scopes.saved': 'Scope saved',
  'scopes.failed': 'Could not save the scope',
} as const satisfies Record<keyof typeof zh, string>;
