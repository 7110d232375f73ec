/** The signed-in user's work queue (`GET /me/queue`: which queue depends on the role), page by page. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';

export function useQueue() {
  const query = useInfiniteQuery({
    queryKey: ['queue'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/me/queue', { params: { query: pageParam ? { cursor: pageParam } : {} } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const pages = query.data?.pages ?? [];
  return { ...query, first: pages[0], items: pages.flatMap((page) => page.items) };
}
