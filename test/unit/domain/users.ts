import type { LifecycleFacts, ManagerFacts, UserState } from '../../../src/domain';

/** Frozen all the way down, so a rule that mutated its input would throw (strict mode). */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.values(value).forEach(frozen);
    Object.freeze(value);
  }
  return value;
}

export const COMPLETE_PROFILE = {
  name: { givenName: 'Ana', familyName: 'Lima' },
  emails: [{ value: 'ana@x.com', type: 'work', primary: true }],
};

/** An active, complete user without a manager; `id` doubles as the start of the userName. */
export function user(id: string, overrides: Partial<UserState> = {}): UserState {
  return frozen({
    id,
    userName: `${id}@x.com`,
    active: true,
    managerId: null,
    canManageTeam: false,
    profile: COMPLETE_PROFILE,
    ...overrides,
  });
}

/** Facts for a change that names no manager, in a tenant whose owner is `owner`. */
export function facts(overrides: Partial<LifecycleFacts> = {}): LifecycleFacts {
  return frozen({
    ownerId: 'owner',
    proposedManager: null,
    proposedManagerExists: false,
    managerChainOfProposed: [],
    activeReports: [],
    ...overrides,
  });
}

/** Facts for a change whose `after.managerId` names `manager`, stored as given. */
export function managedBy(manager: UserState, overrides: Partial<LifecycleFacts> = {}): LifecycleFacts {
  const proposedManager: ManagerFacts = {
    id: manager.id,
    userName: manager.userName,
    active: manager.active,
  };
  return facts({ proposedManager, proposedManagerExists: true, ...overrides });
}

/** `count` users to list as active direct reports: r1@x.com, r2@x.com, ... */
export function reports(count: number): { id: string; userName: string }[] {
  return Array.from({ length: count }, (_, i) => ({ id: `r${i + 1}`, userName: `r${i + 1}@x.com` }));
}
