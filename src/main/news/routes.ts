// HTTP routes of school news and events: the feed of the signed-in user's scope, publishing and removing
// (`news.publish`: the administrator, the director and the deputies).

import { api } from '../../shared/api/contract';
import { localDate } from '../common/dates';
import { route, signedIn } from '../common/route-types';
import type { Db } from '../db/connection';
import type { Notifier } from '../diary/notifications';
import { newsOf, publishNews, removeNews } from './news-service';

export interface NewsRouteOptions {
  notifier: Notifier;
  clock?: () => Date;
}

export function newsRoutes(db: Db, options: NewsRouteOptions) {
  const clock = options.clock ?? (() => new Date());
  return {
    myNews: route({
      endpoint: api.myNews,
      handle: async (ctx) => {
        const { user } = signedIn(ctx);
        return newsOf(db, user.id, user.roles, localDate(clock()));
      },
    }),
    publishNews: route({
      endpoint: api.publishNews,
      handle: async (ctx) => {
        const now = clock();
        return publishNews(db, options.notifier, signedIn(ctx).user.id, ctx.body, localDate(now), now);
      },
    }),
    removeNews: route({
      endpoint: api.removeNews,
      handle: async (ctx) => removeNews(db, signedIn(ctx).user.id, ctx.params.newsId, clock()),
    }),
  };
}
