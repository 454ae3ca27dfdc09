import { KeyPrompt } from './components/KeyPrompt.js';
import { Deliveries } from './pages/Deliveries.js';
import { Discoveries } from './pages/Discoveries.js';
import { EntityDetail } from './pages/Entity.js';
import { Overview } from './pages/Overview.js';
import { SignalDetail } from './pages/SignalDetail.js';
import { Signals } from './pages/Signals.js';
import { Settings } from './pages/Settings.js';
import { Sources } from './pages/Sources.js';
import { Stories, StoryDetail } from './pages/Stories.js';
import { Topics } from './pages/Topics.js';
import { useRole, WRITE_KEY_NEEDED } from './role.js';
import { href, useLocation } from './router.js';

const NAV = [
  { path: '/', label: 'Overview' },
  { path: '/signals', label: 'Signals' },
  { path: '/stories', label: 'Stories' },
  { path: '/sources', label: 'Sources' },
  { path: '/topics', label: 'Topics' },
  { path: '/deliveries', label: 'Deliveries' },
  { path: '/settings', label: 'Settings' },
  { path: '/discoveries', label: 'Discoveries' },
];

const Page = ({ path }: { path: string }) => {
  const detail = /^\/signals\/(\d+)$/.exec(path);
  if (detail) return <SignalDetail id={Number(detail[1])} />;
  const story = /^\/stories\/(\d+)$/.exec(path);
  if (story) return <StoryDetail id={Number(story[1])} />;
  const entity = /^\/entities\/(\d+)$/.exec(path);
  if (entity) return <EntityDetail id={Number(entity[1])} />;
  switch (path) {
    case '/':
      return <Overview />;
    case '/signals':
      return <Signals />;
    case '/stories':
      return <Stories />;
    case '/sources':
      return <Sources />;
    case '/topics':
      return <Topics />;
    case '/deliveries':
      return <Deliveries />;
    case '/settings':
      return <Settings />;
    case '/discoveries':
      return <Discoveries />;
    default:
      return (
        <div className="page">
          <h1>Not found</h1>
          <p>
            No page at <code>{path}</code>. <a href={href('/')}>Go to the overview.</a>
          </p>
        </div>
      );
  }
};

export const App = () => {
  const { path } = useLocation();
  const { role } = useRole();
  const section = path.startsWith('/signals') ? '/signals' : path.startsWith('/stories') ? '/stories' : path;
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href={href('/')}>
          Signal Harvester
        </a>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <a key={n.path} href={href(n.path)} aria-current={section === n.path ? 'page' : undefined}>
              {n.label}
            </a>
          ))}
          <a href="/docs" className="hide-narrow">
            API docs
          </a>
        </nav>
        {role === 'read' && (
          <span className="badge role-read" data-testid="role" title={WRITE_KEY_NEEDED}>
            read-only key
          </span>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Page key={path} path={path} />
      </main>
      <KeyPrompt />
    </>
  );
};
