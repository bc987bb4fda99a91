/** Sign-in and sign-out, and where each role lands afterwards. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { AppError } from '@ebid/domain';
import { resetForActor, useApi, type Actor } from './api.ts';
import { forgetKey } from './certs.ts';
import { useServerClock } from './components/ServerClock.tsx';
import { toAppErrorView } from './errors.ts';
import { belongsToRole, homePathFor } from './menus.ts';
import { certificateSignIn, loadPki, loadSavedKey, readP12, type SigningKey } from './pki.ts';
import { sessionGate } from './session-gate.ts';
import { textPair } from './i18n.ts';

/** After any sign-in: forget the previous actor's data and go to where the role works. */
function useSignedIn(from?: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return ({ actor }: { actor: Actor }) => {
    resetForActor(queryClient, actor);
    const target = from && belongsToRole(actor.role, from) ? from : homePathFor(actor.role);
    void navigate(target, { replace: true });
  };
}

export function useLogin(from?: string) {
  const api = useApi();
  const onSuccess = useSignedIn(from);
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => api.auth.login.mutate(input),
    onSuccess,
  });
}

/**
 * Certificate login with a key in hand: from a .p12 backup (`file` + passphrase) or kept by this
 * browser (`savedName`). The crypto module is loaded on first use.
 */
export function useCertLogin(from?: string) {
  const api = useApi();
  const onSuccess = useSignedIn(from);
  const { now } = useServerClock();
  return useMutation({
    mutationFn: async (input: { file: Blob; passphrase: string } | { savedName: string }) => {
      const pki = await loadPki();
      let key: SigningKey | null;
      if ('savedName' in input) {
        key = await loadSavedKey(input.savedName, pki);
        if (!key) {
          forgetKey(input.savedName);
          throw new AppError('NOT_FOUND', textPair('common.session.keyNotInBrowser'));
        }
      } else {
        // Before sign-in only the usage and the validity (server clock) can be judged here; the server does the rest.
        key = await readP12(input.file, input.passphrase, 'signing', pki, { nowMs: now() });
      }
      return certificateSignIn(api, key, pki);
    },
    onSuccess,
  });
}

export function useLogout() {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    // The gate lets the requests in flight answer first and holds new ones until the signed-out pages
    // are shown, so no request of the ending session is refused by the server (401) after it ended.
    // An expired session is as good as signed out; any other failure keeps the session and is shown.
    mutationFn: () =>
      sessionGate.signOut(
        () => api.auth.logout.mutate(),
        (err) => toAppErrorView(err).code === 'UNAUTHORIZED',
        () => {
          resetForActor(queryClient, null);
          void navigate('/login', { replace: true });
        },
      ),
  });
}
