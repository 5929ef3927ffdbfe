// Runs one scenario against the real keychain and prints one JSON line. Spawned by keytar.test.ts, inside
// scripts/with-keyring.sh (private D-Bus + unlocked gnome-keyring) or with no session bus at all.
//   tsx keytar-script.ts <roundtrip|open-store|no-bus|hang> <cache-dir>
import { KeytarSecretStore } from '../../../main/secrets/keytar-secret-store';
import { SECRET_SERVICE, SecretAccounts } from '../../../main/secrets/secret-store';
import { openStore } from '../../../main/store/open-store';

const [scenario, dir] = process.argv.slice(2);

function describeError(e: unknown) {
  const err = e as Error & { reason?: string; code?: string };
  return { name: err?.name, code: err?.code, reason: err?.reason, message: err?.message };
}

async function run(): Promise<unknown> {
  const secrets = new KeytarSecretStore({ timeoutMs: 2000 });
  switch (scenario) {
    case 'roundtrip': {
      const rt = SecretAccounts.refreshToken('810001234567');
      const p12 = SecretAccounts.p12Password('logiciel.labo@test.mssante.fr');
      await secrets.set(SECRET_SERVICE, rt, 'refresh-token-value');
      await secrets.set(SECRET_SERVICE, p12, 'p12-pass');
      await secrets.set(SECRET_SERVICE, rt, 'refresh-token-value-2'); // overwrite
      const got = await secrets.get(SECRET_SERVICE, rt);
      const listed = await secrets.list(SECRET_SERVICE);
      const deleted = await secrets.delete(SECRET_SERVICE, rt);
      const deletedAgain = await secrets.delete(SECRET_SERVICE, rt);
      const after = await secrets.get(SECRET_SERVICE, rt);
      const otherService = await secrets.list('some.other.service');
      return { kind: secrets.kind, got, listed, deleted, deletedAgain, after, otherService };
    }
    case 'open-store': {
      // Two opens in a row: the key is created in the keychain, then reused. ALLOW_UNPROTECTED=1 is the
      // user's earlier explicit choice (kept in the app settings).
      const allowUnprotectedKey = process.env.ALLOW_UNPROTECTED === '1';
      const first = await openStore({ dir: dir!, secrets, allowUnprotectedKey });
      const accountId = first.writer.upsertAccount({ address: 'alice.martin@test.mssante.fr', type: 'PER' });
      first.close();
      const second = await openStore({ dir: dir!, secrets, allowUnprotectedKey });
      const accounts = second.reader.listAccounts().map((a) => a.id);
      second.close();
      const key = await secrets.get(SECRET_SERVICE, SecretAccounts.cacheKey);
      return { first: first.key, second: second.key, sameAccount: accounts[0] === accountId, keyLooksRight: /^[0-9a-f]{64}$/.test(key ?? '') };
    }
    case 'no-bus': {
      const direct = await secrets.get(SECRET_SERVICE, SecretAccounts.cacheKey).then(() => null, describeError);
      const store = await openStore({ dir: dir!, secrets: new KeytarSecretStore({ timeoutMs: 2000 }) }).then(() => null, describeError);
      const accepted = await openStore({ dir: dir!, secrets: new KeytarSecretStore({ timeoutMs: 2000 }), allowUnprotectedKey: true });
      accepted.writer.upsertAccount({ address: 'alice.martin@test.mssante.fr', type: 'PER' });
      accepted.close();
      return { direct, store, accepted: accepted.key };
    }
    case 'hang': {
      // The Secret Service is frozen: calls must fail after the timeout, then fail fast.
      process.kill(Number(process.env.WITH_KEYRING_DAEMON_PID), 'SIGSTOP');
      const first = await secrets.get(SECRET_SERVICE, 'x').then(() => null, describeError);
      const second = await secrets.set(SECRET_SERVICE, 'x', 'y').then(() => null, describeError);
      process.kill(Number(process.env.WITH_KEYRING_DAEMON_PID), 'SIGCONT');
      return { first, second };
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

run().then(
  (r) => {
    console.log(JSON.stringify({ ok: true, result: r }));
    process.exit(0); // a hung keychain call may still hold a thread
  },
  (e: unknown) => {
    console.log(JSON.stringify({ ok: false, error: describeError(e) }));
    process.exit(1);
  },
);
