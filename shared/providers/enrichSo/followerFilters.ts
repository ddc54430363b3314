/**
 * The filter vocabularies of the company-follower endpoints (from the provider's published
 * request schema), as enums so the UIs offer dropdowns. Job titles (642 values) stay free text.
 */
export const FOLLOWER_COUNTRIES = [
  'Argentina', 'Australia', 'Austria', 'Bangladesh', 'Belgium', 'Brazil', 'Canada', 'Chile', 'China', 'Colombia',
  'Czech Republic', 'Denmark', 'Egypt', 'Finland', 'France', 'Germany', 'Ghana', 'Greece', 'Hong Kong SAR', 'Hungary',
  'India', 'Indonesia', 'Ireland', 'Israel', 'Italy', 'Japan', 'Kenya', 'Luxembourg', 'Malaysia', 'Mexico',
  'Morocco', 'Nepal', 'Netherlands', 'New Zealand', 'Nigeria', 'Norway', 'Pakistan', 'Peru', 'Philippines', 'Poland',
  'Portugal', 'Romania', 'Russia', 'Saudi Arabia', 'Singapore', 'South Africa', 'South Korea', 'Spain', 'Sri Lanka', 'Sweden',
  'Switzerland', 'Thailand', 'Turkey', 'Ukraine', 'United Arab Emirates', 'United Kingdom', 'United States', 'Vietnam',
] as const;

export const FOLLOWER_DEPARTMENTS = [
  'Accounting', 'Administrative', 'Arts and Design', 'Business Development', 'Community and Social Services', 'Consulting',
  'Customer Success and Support', 'Education', 'Engineering', 'Entrepreneurship', 'Finance', 'Healthcare Services',
  'Human Resources', 'Information Technology', 'Legal', 'Marketing', 'Media and Communication',
  'Military and Protective Services', 'Operations', 'Product Management', 'Program and Project Management', 'Purchasing',
  'Quality Assurance', 'Real Estate', 'Research', 'Sales',
] as const;

export const FOLLOWER_LEVELS = [
  'CXO', 'Director', 'Entry Level', 'Entry Level Manager', 'Experienced Manager', 'In Training', 'Owner / Partner', 'Senior',
  'Strategic', 'Vice President',
] as const;
