import { log, prng } from './stats';

export const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** One person of the generated directory; `title`/`department` follow what the bench last wrote. */
export interface DirectoryUser {
  index: number;
  /** 0 the chief executive … 3 team leads, 4 individual contributors (the leaves). */
  level: number;
  managerIndex: number | undefined;
  userName: string;
  externalId: string;
  givenName: string;
  familyName: string;
  emails: { value: string; type: string; primary?: boolean }[];
  phone: string;
  employeeNumber: string;
  costCenter: string;
  title: string;
  department: string;
  /** The SCIM id, once created. */
  id: string;
}

export interface Directory {
  users: DirectoryUser[];
  /** Users without reports: status changes on them are allowed (the guard only protects managers). */
  leaves: DirectoryUser[];
  /** Level-3 managers: they have active reports, so deactivating them is refused (409). */
  teamLeads: DirectoryUser[];
  /** Users per level, top down, for the table notes. */
  levelSizes: number[];
}

const GIVEN =
  `Ada Alan Amara Ana Arjun Aylin Bea Ben Carla Chen Chloe Dana David Diego Elena Emeka Eva Farah Felix
  Grace Hana Hugo Ines Ivan Jana Jon Kai Kenji Lara Leo Lina Luca Maya Mei Nadia Nico Nora Omar Priya Rafael Rosa
  Sara Sofia Tariq Tom Uma Vera Wei Yara Zoe`.split(/\s+/);
const FAMILY =
  `Adams Ahmed Alvarez Baker Becker Brown Chen Costa Davies Dubois Evans Fischer Garcia Gupta Hansen
  Hernandez Ito Jensen Kim Kowalski Kumar Larsen Lee Lopez Martin Meyer Moreau Murphy Nakamura Nguyen Novak Okafor
  Olsen Patel Petrov Quinn Rossi Santos Schmidt Silva Singh Smith Sato Tanaka Taylor Wagner Walker Wang Weber Young`.split(
    /\s+/,
  );
const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Support',
  'Finance',
  'Marketing',
  'Operations',
  'People',
  'Legal',
];
const TITLES = ['Chief Executive Officer', 'Vice President', 'Director', 'Team Lead', 'Specialist'];

/**
 * Level sizes of an org chart five levels deep: about seven individual contributors per team
 * lead, six team leads per director, five directors per vice president, under one chief executive.
 */
export function levelSizes(n: number): number[] {
  if (n < 5) throw new Error('--users must be at least 5 (one per level)');
  const leads = Math.max(1, Math.round(n / 8));
  const directors = Math.max(1, Math.round(leads / 6));
  const vps = Math.max(1, Math.round(directors / 5));
  return [1, vps, directors, leads, n - 1 - vps - directors - leads];
}

/** A deterministic directory of `n` people (same seed, same people), not yet created. */
export function planDirectory(n: number, seed = 20251128): Directory {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const sizes = levelSizes(n);
  const users: DirectoryUser[] = [];
  let previousLevel: DirectoryUser[] = [];
  for (let level = 0; level < sizes.length; level += 1) {
    const current: DirectoryUser[] = [];
    for (let k = 0; k < sizes[level]!; k += 1) {
      const index = users.length;
      const givenName = pick(GIVEN);
      const familyName = pick(FAMILY);
      const local = `${givenName}.${familyName}.${index}`.toLowerCase();
      const userName = `${local}@example.com`;
      const manager = previousLevel.length ? previousLevel[k % previousLevel.length] : undefined;
      // 1–3 addresses, as directories carry them: work (primary), often a home one, sometimes an alias.
      const emailCount = 1 + Math.floor(random() * 3);
      const emails: DirectoryUser['emails'] = [{ value: userName, type: 'work', primary: true }];
      if (emailCount > 1) emails.push({ value: `${local}@mail.example.net`, type: 'home' });
      if (emailCount > 2)
        emails.push({
          value: `${givenName[0]}${familyName}${index}@example.com`.toLowerCase(),
          type: 'other',
        });
      const user: DirectoryUser = {
        index,
        level,
        managerIndex: manager?.index,
        userName,
        // Okta-style ids: 00u + 17 base-36 characters, unique by construction (the index is in them).
        externalId: `00u${index.toString(36).padStart(6, '0')}${Math.floor(random() * 36 ** 8)
          .toString(36)
          .padStart(11, '0')}`,
        givenName,
        familyName,
        emails,
        phone: `+1 555 01${String(index % 100).padStart(2, '0')} ${String(1000 + (index % 9000))}`,
        employeeNumber: String(100000 + index),
        costCenter: `CC-${100 + (index % 37)}`,
        title: TITLES[level]!,
        department: manager ? manager.department : 'Executive',
        id: '',
      };
      if (level === 1) user.department = DEPARTMENTS[k % DEPARTMENTS.length]!;
      current.push(user);
      users.push(user);
    }
    previousLevel = current;
  }
  return {
    users,
    leaves: users.filter((u) => u.level === 4),
    teamLeads: users.filter((u) => u.level === 3),
    levelSizes: sizes,
  };
}

/** The user as an IdP sends it on create and on a full replace (Okta's PUT carries the whole profile). */
export function scimUserBody(user: DirectoryUser, directory: Directory): Record<string, unknown> {
  const manager = user.managerIndex === undefined ? undefined : directory.users[user.managerIndex];
  return {
    schemas: [CORE, ENTERPRISE],
    userName: user.userName,
    externalId: user.externalId,
    name: {
      givenName: user.givenName,
      familyName: user.familyName,
      formatted: `${user.givenName} ${user.familyName}`,
    },
    displayName: `${user.givenName} ${user.familyName}`,
    title: user.title,
    locale: 'en-US',
    timezone: 'Europe/Berlin',
    emails: user.emails,
    phoneNumbers: [{ value: user.phone, type: 'work' }],
    active: true,
    [ENTERPRISE]: {
      employeeNumber: user.employeeNumber,
      costCenter: user.costCenter,
      organization: 'Example Corp',
      department: user.department,
      ...(manager ? { manager: { value: manager.id } } : {}),
    },
  };
}

/**
 * Creates the directory through POST /Users, level by level (a manager must exist before their
 * reports name them), `concurrency` requests at a time. Records each user's SCIM id.
 */
export async function seedDirectory(
  baseUrl: string,
  token: string,
  directory: Directory,
  concurrency = 8,
): Promise<{ seconds: number; perSecond: number }> {
  const started = performance.now();
  let done = 0;
  let lastReport = started;
  for (let level = 0; level < directory.levelSizes.length; level += 1) {
    const queue = directory.users.filter((u) => u.level === level);
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const user = queue[next++]!;
        const res = await fetch(`${baseUrl}/scim/v2/Users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify(scimUserBody(user, directory)),
        });
        const text = await res.text();
        if (res.status !== 201)
          throw new Error(`seeding ${user.userName}: ${res.status} ${text.slice(0, 300)}`);
        user.id = (JSON.parse(text) as { id: string }).id;
        done += 1;
        if (performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          const rate = done / ((performance.now() - started) / 1000);
          log(`seeding: ${done}/${directory.users.length} users, ${rate.toFixed(1)}/s so far`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, perSecond: directory.users.length / seconds };
}
