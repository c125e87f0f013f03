import { expect } from '@open-wc/testing';
import { parseConfig } from '../src/config.js';

const PAGE = 'https://shop.example/products/tea?ref=x';
const tag = (attributes: Record<string, string>, src = 'https://cdn.example/member-center/v1/embed.js') => {
  const script = document.createElement('script');
  script.setAttribute('src', src);
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
};
const warning = (attributes: Record<string, string>) => parseConfig(tag(attributes), PAGE).warning;

describe('parseConfig (the script tag’s data-* attributes)', () => {
  it('reads every attribute; the API defaults to the script’s own origin', () => {
    const { config } = parseConfig(
      tag({
        'data-publishable-key': 'pk_live_abc123',
        'data-token-url': '/loyalty/token',
        'data-launcher': 'bottom-left',
        'data-locale': 'zh-CN',
        'data-theme': 'dark',
        'data-join-url': '/account/register',
        'data-login-url': 'https://shop.example/account/login?next=/',
      }),
      PAGE,
    );
    expect(config).to.deep.equal({
      joinUrl: '/account/register',
      loginUrl: 'https://shop.example/account/login?next=/',
      publishableKey: 'pk_live_abc123',
      apiUrl: 'https://cdn.example',
      tokenUrl: 'https://shop.example/loyalty/token',
      token: undefined,
      launcher: 'bottom-left',
      locale: 'zh-CN',
      theme: 'dark',
    });
  });

  it('takes data-api-url (relative to the page, without a trailing slash) and data-token', () => {
    const { config } = parseConfig(
      tag({
        'data-publishable-key': 'pk_test_1',
        'data-api-url': 'https://loyalty.example/mc/',
        'data-token': 'a.b.c',
      }),
      PAGE,
    );
    expect(config?.apiUrl).to.equal('https://loyalty.example/mc');
    expect(config?.token).to.equal('a.b.c');
    expect(config?.launcher).to.equal('none');
    // Keys are base64url after the prefix: dashes and underscores included.
    expect(parseConfig(tag({ 'data-publishable-key': 'pk_Ab-9_z' }), PAGE).config?.publishableKey).to.equal(
      'pk_Ab-9_z',
    );
    expect(
      parseConfig(tag({ 'data-publishable-key': 'pk_test_1', 'data-api-url': '/api' }), PAGE).config?.apiUrl,
    ).to.equal('https://shop.example/api');
  });

  it('names the missing publishable key and how to add it', () => {
    expect(warning({})).to.equal(
      '[Member Center] data-publishable-key is missing: add data-publishable-key="pk_…" to the script tag.',
    );
    expect(warning({ 'data-publishable-key': '  ' })).to.contain('data-publishable-key is missing');
    expect(parseConfig(null, PAGE).warning).to.contain('data-publishable-key is missing');
  });

  it('refuses a secret key without repeating it', () => {
    const message = warning({ 'data-publishable-key': 'sk_live_TOPSECRET' });
    expect(message).to.contain('data-publishable-key').and.contain('secret key');
    expect(message).not.to.contain('TOPSECRET');
    expect(warning({ 'data-publishable-key': 'hello' })).to.contain('starting with "pk_"');
  });

  it('names each bad attribute', () => {
    const key = { 'data-publishable-key': 'pk_test_1' };
    expect(warning({ ...key, 'data-api-url': 'javascript:alert(1)' })).to.contain('data-api-url');
    expect(warning({ ...key, 'data-token-url': '/t', 'data-token': 'a.b.c' })).to.contain(
      'data-token-url and data-token',
    );
    expect(warning({ ...key, 'data-launcher': 'middle' })).to.contain('data-launcher must be one of bottom-right');
    expect(warning({ ...key, 'data-theme': 'neon' })).to.contain('data-theme must be one of light, dark, auto');
    expect(warning({ ...key, 'data-locale': 'not a locale!' })).to.contain('data-locale');
    expect(parseConfig(tag(key, 'data:text/javascript,'), PAGE).warning).to.contain('data-api-url is missing');
  });
});
