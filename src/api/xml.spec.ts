import { isXmlText, renderXml, xmlSafe } from './xml';

describe('XML rendering', () => {
  it('replaces characters XML 1.0 cannot carry with * (as Ruby Builder does)', () => {
    expect(xmlSafe('a\u0000b\u0001c\u000bd\u001fe\ufffef')).toBe('a*b*c*d*e*f');
    expect(xmlSafe('tab\tnl\ncr\r ok ąž 😀')).toBe('tab\tnl\ncr\r ok ąž 😀');
  });

  it('walks nested documents and leaves clean parts untouched', () => {
    const clean = { id: '1', names: ['a', 'b'] };
    const doc = { page: { clean, dirty: [{ name: 'x\u0002y' }, 'ok'] } };
    const safe = xmlSafe(doc);
    expect(safe).toEqual({ page: { clean, dirty: [{ name: 'x*y' }, 'ok'] } });
    expect(safe.page.clean).toBe(clean);
    expect(doc.page.dirty[0]).toEqual({ name: 'x\u0002y' });
    expect(xmlSafe(clean)).toBe(clean);
  });

  it('renders stored control characters instead of throwing', () => {
    const xml = renderXml({ page: { name: 'bad\u0001name' } });
    expect(xml).toContain('<name>bad*name</name>');
    expect(isXmlText(xml)).toBe(true);
  });
});
