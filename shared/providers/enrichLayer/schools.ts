/** Schools (§4.5): a school's profile and its students (3 credits per student, paged by next_page). */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { arrayAt, enumField, lenient, op, param, priced, urlField } from '../../catalog';
import { nextPagePaging } from './employees';
import {
  booleanExpression,
  countryCodes,
  DEFAULT_PAGE_SIZE,
  enrichProfiles,
  type EnrichLayerReadings,
  pageSize,
  useCache,
  WALK_PAGE_MAX,
  yesNo,
} from './common';

const schoolUrl = (field: string) => urlField(field, 'School profile URL, e.g. https://www.linkedin.com/school/national-university-of-singapore');

const profileInput = z.object({
  url: schoolUrl('url'),
  use_cache: useCache('if-present (default); if-recent: no older than 29 days (+1 credit)'),
  live_fetch: enumField('live_fetch', ['default', 'force'] as const, 'force: fetch live (+9 credits)').optional(),
});
type ProfileInput = z.infer<typeof profileInput>;

const profile = op({
  resource: 'school',
  operation: 'getProfile',
  displayName: 'Get school profile',
  about: 'Structured data of a school profile.',
  kind: 'lookup',
  method: 'GET',
  path: '/school',
  input: profileInput,
  output: lenient({ name: z.string(), website: z.string(), industry: z.string(), hq: z.unknown(), follower_count: z.number() }),
  cost: priced<ProfileInput>({
    perCall: [
      { line: 'base_cost', price: 1 },
      { line: 'use_cache', price: 1, when: param('use_cache', 'if-recent'), note: 'use_cache=if-recent' },
      { line: 'live_fetch', price: 9, when: param('live_fetch', 'force'), note: 'live_fetch=force' },
    ],
    footnote: 'nothing on any error',
  }),
  retrySafe: false,
});

function studentsInput(readings: EnrichLayerReadings) {
  return z.object({
    school_url: schoolUrl('school_url'),
    country: countryCodes('Only students in these countries (ISO 3166 alpha-2, comma-separated)'),
    enrich_profiles: enrichProfiles('student'),
    boolean_search_keyword: booleanExpression('boolean_search_keyword', 'Boolean search on the field of study, e.g. computer OR cs'),
    page_size: pageSize(
      readings.pageSizeMax,
      `Students per page (1–${readings.pageSizeMax}, default ${DEFAULT_PAGE_SIZE}; at most 10 with enrich_profiles=enrich)`,
    ),
    resolve_numeric_id: yesNo('resolve_numeric_id', 'true: accept numeric school ids in the URL'),
    sort_by: enumField('sort_by', ['recently-matriculated', 'recently-graduated', 'none'] as const, 'Sort order').optional(),
    student_status: enumField('student_status', ['current', 'past', 'all'] as const, 'current (default), past or all students').optional(),
    use_cache: useCache('if-present (default) or if-recent (page_size ≤ 10)'),
  });
}

function students(readings: EnrichLayerReadings): OperationSpec {
  const input = studentsInput(readings);
  return op({
    resource: 'school',
    operation: 'listStudents',
    displayName: 'List students',
    about: "A school's students, current or past, filtered by country and field of study. Return All follows next_page until there is none.",
    kind: 'list',
    method: 'GET',
    path: '/school/students/',
    input,
    output: lenient({ students: z.array(lenient({ profile_url: z.string(), profile: z.unknown(), last_updated: z.string() })), next_page: z.string() }),
    cost: priced<z.infer<typeof input>>({
      perCall: [],
      perItem: {
        noun: 'student',
        upTo: (i) => i.page_size ?? DEFAULT_PAGE_SIZE,
        returned: (data) => arrayAt(data, 'students').length,
        charges: [{ line: 'base_cost', price: 3 }],
      },
      footnote: 'nothing on any error',
    }),
    retrySafe: false,
    pagination: nextPagePaging('students', WALK_PAGE_MAX),
  });
}

export function schoolOperations(readings: EnrichLayerReadings): OperationSpec[] {
  return [profile, students(readings)];
}
