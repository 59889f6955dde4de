/** The "working on it" message, updated as tools run. */
import { esc } from '../escape';
import { clip } from '../limits';
import { context, section, type SlackMessage } from './common';

export const THINKING = 'Looking into it…';
export const QUEUED = 'Got it — I will look into this as soon as I finish the previous question in this thread…';

export function progressMessage(status: string, done: string[] = []): SlackMessage {
  const blocks = [section(`:mag: ${esc(clip(status, 500))}`)];
  if (done.length)
    blocks.push(
      context(
        done
          .slice(-6)
          .map((d) => esc(clip(d, 300)))
          .join('\n'),
      ),
    );
  return { text: clip(esc(status), 300), blocks };
}

export function interruptedMessage(): SlackMessage {
  return {
    text: 'Trailhound restarted before this answer was finished.',
    blocks: [
      section(
        ':warning: Trailhound was restarted before this answer was finished. Ask again in this thread to continue; nothing was changed.',
      ),
    ],
  };
}

export function errorMessage(what: string): SlackMessage {
  return {
    text: 'Trailhound could not answer.',
    blocks: [section(`:x: I could not answer: ${esc(clip(what, 2500))}`)],
  };
}

export function refusalMessage(): SlackMessage {
  const t = 'Sorry, you are not on Trailhound’s access list. Ask a Trailhound admin to add you (or this channel).';
  return { text: t, blocks: [section(t)] };
}
