// One address policy for autoconfiguration and remote images: every form of a non-public address refused.
import { describe, expect, it } from 'vitest';
import { isPrivateAddress as autoconfigPolicy } from '../../../main/autoconfig/policy';
import { isPrivateAddress as remoteImagesPolicy } from '../../../main/mail/remote-images';
import { isPrivateAddress } from '../../../main/net/address-policy';

const PRIVATE = [
  '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.1.1', '100.64.0.1', '0.0.0.0', '255.255.255.255', '224.0.0.1',
  '198.18.0.1', '198.19.255.254', // benchmark
  '192.0.2.1', '198.51.100.7', '203.0.113.9', '2001:db8::1', '3fff::1', // documentation
  '::1', '::', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '::ffff:0:7f00:1', // mapped, translated
  '::127.0.0.1', '::7f00:1', // compatible
  '64:ff9b::10.0.0.1', '64:ff9b::a00:1', '64:ff9b:1::1', // NAT64
  '2002:7f00:1::1', '2002:c0a8:101::', // 6to4 of private addresses
  'fec0::1', 'fc00::1', 'fd12::1', 'fe80::1', 'ff02::1', // site-local, ULA, link-local, multicast
  '2001::1', '100::1', 'not-an-ip',
];
const PUBLIC = ['8.8.8.8', '1.1.1.1', '2a00:1450:4007::1', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2606:4700::1111'];

describe('address policy', () => {
  it('refuses every form of a non-public address, in the autoconfiguration and the remote images alike', () => {
    for (const check of [isPrivateAddress, autoconfigPolicy, remoteImagesPolicy]) {
      for (const ip of PRIVATE) expect(check(ip), ip).toBe(true);
      for (const ip of PUBLIC) expect(check(ip), ip).toBe(false);
    }
  });
});
