import { expect } from '@open-wc/testing';
import { captureReferral, REFERRAL_KEY, REFERRAL_TTL_MS, referralCode } from '../src/referral.js';

describe('referral capture (?ref=CODE)', () => {
  beforeEach(() => localStorage.removeItem(REFERRAL_KEY));
  after(() => localStorage.removeItem(REFERRAL_KEY));

  it('keeps the code in localStorage for 30 days, then forgets it', () => {
    const now = Date.UTC(2026, 10, 1);
    captureReferral('?utm_source=x&ref=FRIEND42', now);
    expect(referralCode(now)).to.equal('FRIEND42');
    expect(JSON.parse(localStorage.getItem(REFERRAL_KEY)!)).to.deep.equal({
      code: 'FRIEND42',
      expires: now + REFERRAL_TTL_MS,
    });
    expect(referralCode(now + REFERRAL_TTL_MS - 1)).to.equal('FRIEND42');
    expect(referralCode(now + REFERRAL_TTL_MS)).to.equal(null);
    expect(localStorage.getItem(REFERRAL_KEY)).to.equal(null);
  });

  it('the last link followed wins; a visit without ?ref keeps the code', () => {
    captureReferral('?ref=FIRST');
    captureReferral('?ref=SECOND');
    captureReferral('?page=2');
    expect(referralCode()).to.equal('SECOND');
  });

  it('ignores what is not a code', () => {
    captureReferral('?ref=%3Cscript%3E');
    captureReferral(`?ref=${'x'.repeat(65)}`);
    captureReferral('?ref=');
    expect(referralCode()).to.equal(null);
    localStorage.setItem(REFERRAL_KEY, '{"code":"<b>","expires":99999999999999}');
    expect(referralCode()).to.equal(null);
    localStorage.setItem(REFERRAL_KEY, 'not json');
    expect(referralCode()).to.equal(null);
  });
});
