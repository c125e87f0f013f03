/** The example's settings, read from `.env.local` (or the environment) by Vite. */
interface ImportMetaEnv {
  /** Where the loyalty API answers (default http://localhost:8787, as `pnpm start` runs it). */
  readonly VITE_MC_API_URL?: string;
  /** The program's publishable key `pk_…` (safe in a browser). Never put the `sk_…` key here. */
  readonly VITE_MC_PUBLISHABLE_KEY?: string;
  /** Your backend's endpoint answering `{"token": "…"}` (or the bare token) for the logged-in shopper. */
  readonly VITE_MC_TOKEN_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
