/**
 * SMARTe v8 answer records (providers.md §3.4): all fields strings or null, unknown fields
 * kept. Every record carries `smarteTransactionId` — what users quote to SMARTe support.
 */
import { z } from 'zod';
import { asRecord, lenient, stringAt } from '../../catalog';

const s = z.string();
const common = { recordId: s, enrichmentStatus: s, smarteTransactionId: s.describe('Quote this id to SMARTe support') };

const companyFields = {
  companyId: s,
  companyName: s,
  companyNameAka: s,
  companyWebsite: s,
  companyLinkedinUrl: s,
  companyPhoneNo: s,
  companyAddr: s,
  companyAddress: s,
  companyCity: s,
  companyMetroArea: s,
  companyState: s,
  companyStateIsoCode2: s,
  companyZipcode: s,
  companyCountry: s,
  companyRegion: s,
  companyIndustry: s,
  companySicCodes: s,
  companySicDescription: s,
  companyNaicsCodes: s,
  companyNaicsDescription: s,
  companyEmpCount: s,
  companyEmpRange: s,
  companyRevRange: s,
  companyRevenue: s,
  companyTotalFunding: s,
  companyTotalFundingRounds: s,
  companyLastFundingRound: s,
  companyLastFundingDate: s,
  companyStockSymbol: s,
  companyStockExchangeCode: s,
  companyFoundingYear: s,
  companyLegalStatus: s,
  companyIsSubsidiary: s,
  companyIsMnc: s,
  companyIsHq: s,
  companyHqId: s,
  companyHqName: s,
  companyHqCountry: s,
  companyParentId: s,
  companyParentName: s,
  companyGlobalParentId: s,
  companyGlobalParentName: s,
};

const experience = lenient({
  experienceId: s,
  dataGrade: s,
  email: s,
  jobTitle: s,
  seniorityLevel: s,
  department: s,
  subDepartment: s,
  jobStartedOn: s,
  promotedOn: s,
  workCity: s,
  workCountry: s,
  workPhone: s,
  ...companyFields,
});
const pastExperience = lenient({
  companyId: s,
  companyName: s,
  experienceId: s,
  jobTitle: s,
  seniorityLevel: s,
  department: s,
  subDepartment: s,
  jobStartedOn: s,
  promotedOn: s,
  jobEndedOn: s,
});

export const personAnswer = lenient({
  ...common,
  personId: s,
  fullName: s,
  firstName: s,
  middleName: s,
  lastName: s,
  mobileNumber: s,
  directDial: s,
  linkedinUrl: s,
  currentExperience: z.array(experience),
  pastExperience: z.array(pastExperience),
});
export const companyAnswer = lenient({ ...common, ...companyFields });
export const emailAnswer = lenient({ ...common, email: s });
export const mobileAnswer = lenient({ ...common, mobileNumber: s, directDial: s });
export const fundingAnswer = lenient({
  ...common,
  companyId: s,
  companyName: s,
  ipoStatus: s,
  ipoAmount: s,
  ipoValuation: s,
  ipoPublicDate: s,
  ipoSharePrice: s,
  stockSymbol: s,
  stockExchangeCode: s,
  totalFundingRounds: s,
  lastFundingRound: s,
  lastFundingDate: s,
});
export const technographicsAnswer = lenient({ ...common, companyId: s, companyName: s, productName: s, vendorName: s, categoryName: s });

/** Fields that describe the answer rather than deliver data. */
const BOOKKEEPING = new Set(['recordId', 'enrichmentStatus', 'smarteTransactionId', 'error']);

/** A "No Match" status (v7 wrote `No Match`; any spelling of it). */
export function isNoMatch(answer: unknown): boolean {
  return /^\s*no[\s_-]*match/i.test(stringAt(answer, 'enrichmentStatus') ?? '');
}

/** Whether an answer delivered enrichment data: what SMARTe charges for (seed: "deducted only when enrichment data is delivered"). */
export function deliveredData(answer: unknown): boolean {
  const rec = asRecord(answer);
  if (!rec || isNoMatch(answer)) return false;
  return Object.entries(rec).some(([k, v]) => !BOOKKEEPING.has(k) && hasValue(v));
}

function hasValue(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.some(hasValue);
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).some(hasValue);
  return true;
}

/** A per-record failure, when an answer reports one (`error` as text or `{message}`). */
export function recordFailure(answer: unknown): string | undefined {
  return stringAt(answer, 'error') ?? stringAt(answer, 'error', 'message');
}
