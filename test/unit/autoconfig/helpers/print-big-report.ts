// Child of doctor-output.test.ts: prints a large JSON report through the doctor's output path.
import { printAndExit } from '../../../../main/autoconfig/doctor/output';

const report = { endpoints: Array.from({ length: 4000 }, (_, i) => ({ target: `imap-${i}.example.fr:993`, detail: 'x'.repeat(400) })) };
printAndExit(JSON.stringify(report, null, 2), 0);
