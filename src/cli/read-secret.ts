import type { Readable } from 'node:stream';

/** The input a secret is read from: stdin, or a stream a test provides. */
export type SecretInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * Reads one secret line. From a terminal it prompts on stderr and reads with echo off, so the
 * secret shows neither on screen nor in shell history; from a pipe it reads the first line.
 */
export async function readSecret(
  input: SecretInput,
  prompt: (text: string) => void,
  label: string,
): Promise<string> {
  if (input.isTTY && input.setRawMode) return readFromTerminal(input, prompt, label);
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function readFromTerminal(
  input: SecretInput,
  prompt: (text: string) => void,
  label: string,
): Promise<string> {
  prompt(`${label}: `);
  input.setRawMode!(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let secret = '';
    const done = (error?: Error) => {
      input.setRawMode!(false);
      input.pause();
      input.off('data', onData);
      prompt('\n');
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (keys: string) => {
      for (const key of keys) {
        if (key === '\r' || key === '\n') return done();
        if (key === '\u0003' || key === '\u0004') return done(new Error('cancelled'));
        if (key === '\u007f' || key === '\b') secret = [...secret].slice(0, -1).join('');
        else secret += key;
      }
    };
    input.on('data', onData);
  });
}
