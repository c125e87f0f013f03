/**
 * embed.js, the script tag. It runs as a classic script (the build wraps it in a function so
 * nothing lands in the page's global scope) and loads everything else with import(), resolved
 * next to itself. Whatever happens, it never throws into the host page.
 */
import { parseConfig } from './config.js';
import { install } from './loader.js';
import type { MemberCenterApi, MemberCenterStub } from './types.js';

const global = window as unknown as { MemberCenter?: MemberCenterStub | MemberCenterApi };
try {
  const existing = global.MemberCenter;
  // A second copy (or another version) of the script: the first one runs the page.
  if (!existing?.version) {
    // document.currentScript is null when loaded as a module: then find the tag by its key.
    const script = document.currentScript ?? document.querySelector('script[data-publishable-key]');
    const { config, warning } = parseConfig(script, location.href);
    if (config) {
      // A page element with id="MemberCenter" shows up as window.MemberCenter: only reuse a real stub.
      const stub =
        Object.prototype.toString.call(existing) === '[object Object]' ? (existing as MemberCenterStub) : undefined;
      global.MemberCenter = install(config, stub);
    } else console.warn(warning);
  }
} catch (error) {
  console.warn('[Member Center] the script tag could not start.', error);
}
