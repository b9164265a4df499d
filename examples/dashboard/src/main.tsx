/** Entry: one GraphQL client and one in-memory sign-in per page load. */
import { render } from 'preact';
import { App } from './app.js';
import { createAuth, type Auth } from './auth.js';
import { createDashboardClient } from './client.js';
import { ServicesContext } from './hooks.js';
import './style.css';

let auth: Auth | undefined;
const { client } = createDashboardClient({ getToken: () => auth?.token(), onSessionToken: (token) => auth?.replaceSessionToken(token) });
auth = createAuth(() => client);

const root = document.getElementById('app');
if (root) {
  render(
    <ServicesContext.Provider value={{ client, auth }}>
      <App />
    </ServicesContext.Provider>,
    root,
  );
}
