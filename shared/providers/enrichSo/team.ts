/** Teams (admin/owner keys): members and invitations. These endpoints answer without the envelope. */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { emailField, enumField, free, idField, lenient, op } from '../../catalog';

const teamId = idField('teamId', 'Your team id (from the Enrich.so dashboard)');

const member = lenient({ id: z.string(), userId: z.string(), email: z.string(), name: z.string(), role: z.string(), createdAt: z.string() });
const invitation = lenient({ id: z.string(), email: z.string(), role: z.string(), status: z.string(), expiresAt: z.string(), createdAt: z.string() });

const listMembers = op({
  resource: 'team',
  operation: 'listMembers',
  displayName: 'List team members',
  about: 'List the members of a team with their roles (owner, admin, member).',
  kind: 'list',
  method: 'GET',
  path: '/teams/{teamId}/members',
  input: z.object({ teamId }),
  output: z.array(member),
  cost: free(),
  retrySafe: true,
});

const invite = op({
  resource: 'team',
  operation: 'invite',
  displayName: 'Invite team member',
  about: 'Invite someone to a team by email, as admin or member.',
  kind: 'action',
  method: 'POST',
  path: '/teams/{teamId}/invitations',
  input: z.object({
    teamId,
    email: emailField('email', 'Email address of the person to invite'),
    role: enumField('role', ['admin', 'member'] as const, 'Role the invited person gets').default('member'),
  }),
  output: invitation,
  cost: free(),
  retrySafe: true,
});

const listInvitations = op({
  resource: 'team',
  operation: 'listInvitations',
  displayName: 'List pending invitations',
  about: "List a team's pending invitations.",
  kind: 'list',
  method: 'GET',
  path: '/teams/{teamId}/invitations',
  input: z.object({ teamId }),
  output: z.array(invitation),
  cost: free(),
  retrySafe: true,
});

const cancelInvitation = op({
  resource: 'team',
  operation: 'cancelInvitation',
  displayName: 'Cancel invitation',
  about: 'Cancel a pending invitation.',
  kind: 'action',
  method: 'DELETE',
  path: '/teams/{teamId}/invitations/{invitationId}',
  input: z.object({ teamId, invitationId: idField('invitationId', 'The id of the invitation to cancel (from List pending invitations)') }),
  output: lenient({ success: z.boolean() }),
  cost: free(),
  retrySafe: true,
});

export const teamOperations: OperationSpec[] = [listMembers, invite, listInvitations, cancelInvitation];
