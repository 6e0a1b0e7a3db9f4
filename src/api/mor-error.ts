/** A MOR-level refusal: answered with HTTP 200 and the text in the method's error envelope. */
export class MorError extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

/** Texts shared by the pipeline and many families, spelled exactly as MOR does. */
export const Errors = {
  apiDisabled: 'API Requests are disabled',
  getDisabled: 'GET Requests are disabled',
  incorrectHash: 'Incorrect hash',
  accessDenied: 'Access Denied',
  notAuthorizedView: 'You are not authorized to view this page',
  notAuthorizedUse: 'You are not authorized to use this functionality',
  userNotFound: 'User was not found',
  badLogin: 'Bad login',
  unknownMethod: 'Unknown API method',
  badRequestBody: 'Request body could not be parsed',
  duplicate: 'Such record already exists',
  valueNotStorable: 'Value cannot be stored',
} as const;
