// Child process of the crash test: archives the given messages with the real engine and is killed
// (SIGKILL, no cleanup, no close) right after the first archive commit, before the server copy is touched.
// argv: dbFile keyHex folder ids(comma-separated)
import { openWriter } from '../../../main/store/open-store';
import { SyncEngine } from '../../../main/sync/engine';
import { ACTOR, labAccount, labCredentials } from './helpers';

const [dbFile, keyHex, folder, idList] = process.argv.slice(2) as [string, string, string, string];
const writer = openWriter(dbFile, keyHex);
const engine = new SyncEngine(writer, labCredentials, { connectionBudget: 2, backgroundBodies: false });
engine.start(labAccount(folder));
await engine.archive(idList.split(',').map(Number), {
  actor: ACTOR,
  afterCommit: () => {
    process.kill(process.pid, 'SIGKILL');
    return new Promise(() => {}); // never continues
  },
});
process.exit(3); // not reached when the kill happens
