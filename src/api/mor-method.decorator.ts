import { SetMetadata } from '@nestjs/common';
import type { UserType } from '../families/users/user.entity';

export type Role = UserType;

/**
 * Where an error of a method goes:
 * page   <page><error>T</error></page> (the default; the PHP client reads root-child <error>)
 * status <page><status><error>T</error></status></page>
 * response <response><error>T</error></response> (legacy methods: tariff_retail_import)
 * login / logout  <action><name>..</name><status>failed</status>..</action>
 * document <status><error>T</error></status> (the whole document: MOR's before-filter errors, e.g. `Bad login` of the page-style actions)
 * Status   <Status>T</Status> (callback_init, c2c_callback: MOR's capital-S root)
 */
export type ErrorEnvelope = 'page' | 'status' | 'response' | 'login' | 'logout' | 'document' | 'Status';

/**
 * How the caller is identified:
 * user       `u` names an existing account (the hash is the proof)
 * password-or-uniquehash  `u` plus its password `p` or its own `uniquehash` (users_get)
 * login      `u`/`p` are the credentials the handler itself checks (user_login)
 * owner-uniquehash  `id` is an owner's uniquehash; no `u` (user_register)
 * page       MOR's legacy "XML API by pages" (06 §1-C): `u` alone names the account (no password,
 *            no hash, no permission group); an unknown `u` is `Bad login`; the call marks it logged in
 * page-anyone  the same, but an unknown `u` reaches the handler with no caller (login_form, and the
 *            actions that answer a page instead of `Bad login`)
 * none       nobody: no `u`, no hash; the handler finds what the request names (balance by device password)
 */
export type Identify = 'user' | 'password-or-uniquehash' | 'login' | 'owner-uniquehash' | 'page' | 'page-anyone' | 'none';

export interface MorMethodOptions {
  name: string;
  aliases?: string[];
  /** Documented hash params, in order; params not sent are skipped. */
  hash: string[];
  /** Other orders or subsets real clients are known to send. */
  hashAlso?: string[][];
  /** What an API permission group must grant: Read (1) or Write (2). */
  access: 'read' | 'write';
  roles: Role[];
  family: string;
  summary: string;
  errorEnvelope?: ErrorEnvelope;
  identify?: Identify;
  /** The text when `u` (or its password) names no account; default Access Denied (callback_init: Not authenticated). */
  callerError?: string;
  /** MOR checks no hash for this method (morphone_details_get: u and p only). */
  noHash?: boolean;
  /** The text when the caller's role may not use the method. */
  roleError?: string;
  /** Hash-only methods that permission groups do not gate (MOR: callback_init). */
  permissionExempt?: boolean;
  /** The method is signed with the admin's key whoever calls it (conflines_update). */
  adminKey?: boolean;
  /** A class-validator DTO; its constraint messages are MOR's error texts. */
  input?: new () => object;
  /**
   * The answer when a write loses a race on a unique index (two requests creating the same name at
   * once: both pass the existence check, the index refuses the second). Default: Errors.duplicate.
   */
  duplicateError?: string;
  /** One text for every refusal of the pipeline (MOR's system_version_get says only "Access Denied"). */
  uniformError?: string;
  /** The page says "Methods: POST" only: a GET is refused even when GET API is allowed. */
  postOnly?: boolean;
  /** GET is accepted even when GET API is off (MOR's user_simple_balance_get). */
  getAlways?: boolean;
  /** Path-style method (`/api/<name>/<value>`): the param the path segment fills. */
  pathParam?: string;
  /** 'text': the answer and its errors are bare text, not XML (MOR's user_balance_get_by_username). */
  reply?: 'xml' | 'text';
  /** The XML declaration MOR prints for this method. */
  xmlDeclaration?: 'standalone';
}

export const MOR_METHOD = 'mor:method';

/** A page-style action: authenticated by `u` alone, never hashed, outside permission groups. */
export const isPageStyle = (options: Pick<MorMethodOptions, 'identify'>): boolean => options.identify === 'page' || options.identify === 'page-anyone';

/** Declares a handler as a MOR API method; routing, hashing, permissions and docs derive from it. */
export const MorMethod = (options: MorMethodOptions): MethodDecorator => SetMetadata(MOR_METHOD, options);
