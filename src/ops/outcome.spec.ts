import { errorDoc, renderXml } from '../api/xml';
import { outcomeOf } from './outcome';

describe('outcomeOf', () => {
  it.each([
    ['page', 'Incorrect hash', 'incorrect_hash'],
    ['status', 'Access Denied', 'access_denied'],
    ['response', 'API Requests are disabled', 'api_disabled'],
    ['login', 'Unknown API method', 'unknown_method'],
    ['logout', 'User was not found', 'user_not_found'],
    ['page', 'Such record already exists', 'duplicate'],
    ['page', 'Tariff was not found', 'refused'],
  ] as const)('reads the %s envelope: %s -> %s', (envelope, text, outcome) => {
    expect(outcomeOf(200, renderXml(errorDoc(text, envelope)))).toEqual({ outcome, error: text });
  });

  it.each([
    [200, '<?xml version="1.0" encoding="UTF-8"?>\n<page>\n  <details><error_count>0</error_count></details>\n</page>', 'ok'],
    [200, '<action><name>login</name><status>ok</status></action>', 'ok'],
    [200, '<page><status><success>Done</success></status></page>', 'ok'],
    [500, renderXml(errorDoc('Internal error')), 'internal'],
    [404, renderXml(errorDoc('Not found')), 'not_found'],
    [403, '{"error":"forbidden"}', 'client_error'],
    [200, undefined, 'ok'],
  ])('status %i %s -> %s', (status, body, outcome) => {
    expect(outcomeOf(status, body).outcome).toBe(outcome);
  });

  it('decodes XML entities in the text', () => {
    expect(outcomeOf(200, renderXml(errorDoc('Name & <id> "x"'))).error).toBe('Name & <id> "x"');
  });
});
