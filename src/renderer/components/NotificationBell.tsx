// The bell in the header: the number of unread notifications, kept live by the user's event stream
// (GET /my/events, Server-Sent Events): every event reloads the count. A click opens the notification feed.

import { ActionIcon, Indicator, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api } from '../../shared/api/contract';
import { API_PREFIX } from '../../shared/api/endpoint';
import { call } from '../api/client';

/** Other parts of the app (the feed page marking items read) ask the bell to recount. */
export const NOTIFICATIONS_CHANGED = 'journal:notifications-changed';
/** The bell tells the rest of the app that a notification arrived (the feed page reloads). */
export const NOTIFICATION_ARRIVED = 'journal:notification-arrived';

export function NotificationBell() {
  const [unread, setUnread] = useState(0);
  const location = useLocation();

  useEffect(() => {
    let isCurrent = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const reload = () => {
      call(api.myNotifications).then(
        (feed) => isCurrent && setUnread(feed.unread),
        () => undefined,
      );
    };
    // Several events at once (a class-wide news item, a batch of marks) make one request.
    const reloadSoon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, 200);
    };
    reload();
    const source = new EventSource(`${API_PREFIX}${api.myEvents.path}`, { withCredentials: true });
    source.onmessage = () => {
      reloadSoon();
      window.dispatchEvent(new Event(NOTIFICATION_ARRIVED));
    };
    // After a lost connection (the server restarted) the count may be stale.
    source.onopen = reloadSoon;
    window.addEventListener(NOTIFICATIONS_CHANGED, reloadSoon);
    return () => {
      isCurrent = false;
      if (timer) clearTimeout(timer);
      source.close();
      window.removeEventListener(NOTIFICATIONS_CHANGED, reloadSoon);
    };
  }, []);

  const label = unread > 0 ? `Уведомления: непрочитанных ${unread}` : 'Уведомления: новых нет';
  return (
    <Tooltip label={label}>
      <Indicator label={unread > 99 ? '99+' : unread} size={18} color="red" disabled={unread === 0} offset={4}>
        <ActionIcon
          component={Link}
          to="/notifications"
          variant={location.pathname.startsWith('/notifications') ? 'light' : 'subtle'}
          size="lg"
          aria-label={label}
          data-testid="notification-bell"
          data-unread={unread}
        >
          <svg aria-hidden width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
            <path d="M10 5a2 2 0 1 1 4 0a7 7 0 0 1 4 6v3a4 4 0 0 0 2 3h-16a4 4 0 0 0 2 -3v-3a7 7 0 0 1 4 -6" />
            <path d="M9 17v1a3 3 0 0 0 6 0v-1" />
          </svg>
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}
