// `@member-center/client/engagement`: the routes only some pages use (the points lottery, ways to
// earn by actions, profile and consent), as functions over a client. A separate entry, so the
// client every page loads (`@member-center/client`) carries none of their code or schemas.
export { drawLottery, listLotteryDraws } from './lottery.js';
export { getProfile, listMyActions, setConsent, updateProfile } from './member-data.js';
