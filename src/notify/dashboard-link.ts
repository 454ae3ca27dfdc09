/**
 * Links from a notification into the dashboard (issue 18): the dashboard routes by hash
 * (`web/src/router.ts`), so a signal opens at `<dashboardUrl>/#/signals/<id>` (where its label
 * buttons are) and a story at `<dashboardUrl>/#/stories/<id>`. `dashboardUrl` is the channel's
 * `dashboardUrl` setting; without one, messages carry no dashboard link.
 */
const MAX_URL = 2000;

const base = (dashboardUrl: string | undefined): string | null => {
  if (dashboardUrl === undefined || !/^https?:\/\//i.test(dashboardUrl)) return null;
  return dashboardUrl.replace(/\/+$/, '');
};

const bounded = (url: string): string | null => (url.length <= MAX_URL ? url : null);

/** The dashboard page of a signal (also a discovery: discoveries are signals), or null without a dashboard URL. */
export const signalLink = (dashboardUrl: string | undefined, id: number): string | null => {
  const b = base(dashboardUrl);
  return b === null ? null : bounded(`${b}/#/signals/${id}`);
};

/** The dashboard page of a story, or null without a dashboard URL. */
export const storyLink = (dashboardUrl: string | undefined, id: number): string | null => {
  const b = base(dashboardUrl);
  return b === null ? null : bounded(`${b}/#/stories/${id}`);
};
