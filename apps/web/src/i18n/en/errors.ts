/** English words of errors as the user meets them (the keys of ../zh/errors.ts, each one). */
import type zh from '../zh/errors.ts';

export default {
  'connection.lost': 'The connection to the server was lost. Retrying…',
  'connection.whatToDo': 'Check your network; what you have entered is not lost.',
  'connection.reconnect': 'Reconnect',
  'connection.checking': 'Connecting…',
  'lawfulMoment.use': 'Use {at}',
  'notFound.goBack': 'Go back',
} satisfies Record<keyof typeof zh, string>;
