import { describe as suite, expect, it } from 'vitest';

import { describe, duration, ProgressReporter } from '../../src/cli/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, target: { isTTY, columns: 100, write: (text: string) => writes.push(text) } };
}

suite('import progress', () => {
  it('says how far, how fast and how long is left', () => {
    expect(describe({ phase: 'write', done: 310_000, total: 500_000 }, 75_000)).toBe(
      'writing 310,000 of 500,000 records (62%), 4,133 records/s, 46 s left',
    );
    expect(describe({ phase: 'read', done: 3 * 1024 ** 2, total: 12 * 1024 ** 2 }, 2_000)).toBe(
      'reading 3.0 MiB of 12.0 MiB (25%), 1.5 MiB/s, 6 s left',
    );
    expect(describe({ phase: 'write', done: 500, total: 500 }, 2_500)).toBe(
      'writing 500 of 500 records (100%), 200 records/s, in 3 s',
    );
    // Too early for a rate.
    expect(describe({ phase: 'write', done: 10, total: 500 }, 100)).toBe(
      'writing 10 of 500 records (2%)',
    );
    expect(duration(200)).toBe('3 min 20 s');
    expect(duration(3_900)).toBe('1 h 05 min');
  });

  it('redraws a bar in place on a terminal, at most every redraw interval, and ends the line', () => {
    let now = 0;
    const out = stream(true);
    const progress = new ProgressReporter(out.target, { clock: () => now, redrawMs: 100 });
    progress.update({ phase: 'write', done: 0, total: 1000 });
    now = 50;
    progress.update({ phase: 'write', done: 100, total: 1000 });
    now = 1000;
    progress.update({ phase: 'write', done: 500, total: 1000 });
    now = 2000;
    progress.update({ phase: 'write', done: 1000, total: 1000 });
    progress.finish();

    expect(out.writes).toHaveLength(4);
    expect(out.writes.every((w, i) => (i < 3 ? w.startsWith('\r') : w === '\n'))).toBe(true);
    expect(out.writes[0]).toContain('[..............................] writing 0 of 1,000');
    expect(out.writes[1]).toMatch(
      /^\r\[#{15}\.{15}\] writing 500 of 1,000 records \(50%\), 500 records\/s, 1 s left *$/,
    );
    expect(out.writes[2]).toContain('[##############################] writing 1,000 of 1,000');
    expect(out.writes[1]!.length).toBe(100);
  });

  it('writes plain lines elsewhere, at most every line interval, and each phase end', () => {
    let now = 0;
    const out = stream(false);
    const progress = new ProgressReporter(out.target, { clock: () => now, lineEveryMs: 10_000 });
    progress.update({ phase: 'read', done: 0, total: 2048, file: 'a.txt' });
    now = 100;
    progress.update({ phase: 'read', done: 2048, total: 2048, file: 'a.txt' });
    for (let done = 0; done <= 50_000; done += 1000) {
      now += 1000;
      progress.update({ phase: 'write', done, total: 50_000 });
    }
    progress.finish();
    expect(out.writes).toEqual([
      'import: reading 0 B of 2.0 KiB (0%)\n',
      'import: reading 2.0 KiB of 2.0 KiB (100%)\n',
      'import: writing 0 of 50,000 records (0%)\n',
      'import: writing 10,000 of 50,000 records (20%), 1,000 records/s, 40 s left\n',
      'import: writing 20,000 of 50,000 records (40%), 1,000 records/s, 30 s left\n',
      'import: writing 30,000 of 50,000 records (60%), 1,000 records/s, 20 s left\n',
      'import: writing 40,000 of 50,000 records (80%), 1,000 records/s, 10 s left\n',
      'import: writing 50,000 of 50,000 records (100%), 1,000 records/s, in 50 s\n',
    ]);
  });
});
