/**
 * The provider ids, without their catalogs: what a spend limit may name, in builds that carry
 * one provider's catalog only (a test keeps this list equal to `catalogs`).
 */
export const PROVIDER_IDS = ['enrichLayer', 'enrichSo', 'influencersClub', 'leadfeeder', 'smarte'] as const;
