import type { User, UserType } from '../families/users/user.entity';

/** The authenticated account behind a request, resolved once by the guards. */
export interface Caller {
  id: number;
  username: string;
  role: UserType;
  ownerId: number;
  apiRestricted: boolean;
  apiPermissionGroupId: number | null;
  blocked: boolean;
}

export function callerOf(user: Pick<User, 'id' | 'username' | 'usertype' | 'owner_id' | 'api_restricted' | 'api_permission_group_id' | 'blocked'>): Caller {
  return {
    id: user.id,
    username: user.username,
    role: user.usertype,
    ownerId: user.owner_id,
    apiRestricted: user.api_restricted === 1,
    apiPermissionGroupId: user.api_permission_group_id,
    blocked: Number(user.blocked) === 1,
  };
}
