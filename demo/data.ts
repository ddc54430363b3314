/** Demo inputs. The sandbox answers deterministically (see sandbox/README.md). */
export const leads = [
  { firstName: 'Ada', lastName: 'Lovelace', domain: 'analytical.io' },
  { firstName: 'Grace', lastName: 'Hopper', domain: 'cobol.dev' },
  { firstName: 'Alan', lastName: 'Turing', domain: 'bletchley.org' },
  { firstName: 'Katherine', lastName: 'Johnson', domain: 'orbit.space' },
  { firstName: 'Nobody', lastName: 'Nobody', domain: 'nowhere.test' },
  { firstName: 'Linus', lastName: 'Torvalds', domain: 'kernel.dev' },
  { firstName: 'Margaret', lastName: 'Hamilton', domain: 'apollo.nasa' },
  { firstName: 'Ada', lastName: 'Lovelace', domain: 'analytical.io' }, // asked twice: answered from cache, 0 credits
];

const domains = ['acme.com', 'globex.io', 'initech.dev', 'umbrella.co', 'hooli.xyz'];
const names = ['jane', 'john', 'maria', 'li', 'sam', 'alex', 'noah', 'emma', 'olga', 'ravi'];

/** 1,000 distinct addresses, a few of them invalid or risky by the sandbox's rules. */
export const validationEmails: string[] = Array.from({ length: 1000 }, (_, i) => {
  const name = names[i % names.length];
  const domain = domains[i % domains.length];
  if (i % 97 === 0) return `invalid.${name}${i}@${domain}`;
  if (i % 53 === 0) return `risky.${name}${i}@${domain}`;
  return `${name}.${i}@${domain}`;
});
