// School news and events (issue 5, item 8). Spread into `api` in contract.ts. Publishing is the leadership's
// (`news.publish`); everyone signed in reads the feed of their own scope (the server picks it, not the client).

import { endpoint } from './endpoint';
import * as n from './news-schemas';
import { okSchema } from './schemas';

export const newsApi = {
  myNews: endpoint({ method: 'GET', path: '/news', summary: 'Новости и объявления для меня: школы, параллели и класса моих детей', permission: 'session', response: n.newsFeedSchema }),
  publishNews: endpoint({ method: 'POST', path: '/news', summary: 'Публикация новости или объявления для школы, параллели или класса', permission: 'news.publish', body: n.publishNewsBodySchema, response: n.publishNewsResultSchema }),
  removeNews: endpoint({ method: 'DELETE', path: '/news/:newsId', summary: 'Снятие новости с публикации', permission: 'news.publish', params: n.newsIdParamsSchema, response: okSchema }),
} as const;
