import { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiEnabledGuard } from './api-enabled.guard';
import { CallerGuard } from './caller.guard';
import { GetAllowedGuard } from './get-allowed.guard';
import { HashGuard } from './hash.guard';
import { IpAllowedGuard } from './ip-allowed.guard';
import { PermissionGuard } from './permission.guard';
import { ResolveMethodGuard } from './resolve-method.guard';

/**
 * The MOR request pipeline, one guard per step (one class per file beside this one), registered
 * globally in this order: every route gets them, no controller has to remember them. Each failure
 * throws MorError with MOR's text (rendered by MorExceptionFilter); nothing has been written then.
 *
 *   0. ResolveMethodGuard  the method (or alias) exists; params merged from query and body
 *   1. ApiEnabledGuard     Allow API globally
 *   2. GetAllowedGuard     Allow GET API (never for POST-only methods)
 *   3. IpAllowedGuard      Restrict API access by IP
 *   4. CallerGuard         the caller, as the method identifies it
 *   5. HashGuard           the hash, with the caller's signing key
 *   6. PermissionGuard     the role may use the method; API permission groups
 */
export const PIPELINE_GUARDS = [ResolveMethodGuard, ApiEnabledGuard, GetAllowedGuard, IpAllowedGuard, CallerGuard, HashGuard, PermissionGuard];

/** The guards as global (APP_GUARD) providers; Nest runs global guards in the order they are provided. */
export const GLOBAL_GUARDS: Provider[] = PIPELINE_GUARDS.map((guard) => ({ provide: APP_GUARD, useClass: guard }));
