/**
 * What the catalog cannot say about Zapier, per provider id: which searches and creates pair up
 * as "Find or Create". Everything else about an integration comes from its catalog. Keys are
 * operation keys, so a renamed operation fails the build (buildApp checks every name here).
 */

/** A search over a list operation: the entries whose `by` field equals the value the user gives. */
export interface ListSearchHint {
  /** The list operation to read (all of it, every page). */
  list: string;
  /** The entry field to match, case-insensitively; also the search's input field. */
  by: string;
  label: string;
  description: string;
}

export interface SearchOrCreateHint {
  search: ListSearchHint;
  /** The create (an `action` operation) that makes what the search looks for; it must take `by` too. */
  create: string;
  label: string;
  description: string;
}

export interface ProviderHints {
  searchOrCreates?: SearchOrCreateHint[];
}

export const providerHints: Record<string, ProviderHints> = {
  enrichSo: {
    searchOrCreates: [
      {
        search: {
          list: 'team.listInvitations',
          by: 'email',
          label: 'Find Pending Invitation',
          description: "Finds a team's pending invitation by the invited person's email address.",
        },
        create: 'team.invite',
        label: 'Find or Invite Team Member',
        description: 'Finds the pending invitation for an email address, or invites that person if there is none, so a repeated run never invites twice.',
      },
    ],
  },
};
