import { describe, expect, it } from 'vitest';
import { packText, unpackText } from './share';

describe('share links', () => {
  it('round-trips text, including non-ASCII, through deflate and base64url', async () => {
    const text = 'From: Ünïcødé <a@b.example>\r\nSubject: ✓ 20% off\r\n'.repeat(20);
    const packed = await packText(text);
    expect(packed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(packed.length).toBeLessThan(text.length);
    expect(await unpackText(packed)).toBe(text);
  });

  it('rejects a damaged link instead of showing garbage', async () => {
    await expect(unpackText('not+base64url/')).rejects.toThrow(/damaged/);
    await expect(unpackText('AAAA')).rejects.toThrow();
  });
});
