/** Sign-in and sign-out, and where each role lands afterwards. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { resetForActor, useApi } from './api.ts';
import { toAppErrorView } from './errors.ts';
import { belongsToRole, homePathFor } from './menus.ts';

export function useLogin(from?: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => api.auth.login.mutate(input),
    onSuccess: ({ actor }) => {
      resetForActor(queryClient, actor);
      const target = from && belongsToRole(actor.role, from) ? from : homePathFor(actor.role);
      void navigate(target, { replace: true });
    },
  });
}

export function useLogout() {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.auth.logout.mutate(),
    onSuccess: () => {
      resetForActor(queryClient, null);
      void navigate('/login', { replace: true });
    },
    onError: (err) => {
      // An expired session is as good as signed out; any other failure keeps the session and is shown.
      if (toAppErrorView(err).code === 'UNAUTHORIZED') {
        resetForActor(queryClient, null);
        void navigate('/login', { replace: true });
      }
    },
  });
}
