import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import type { ReminderNotice } from "./api/types";
import { idOf, label } from "./lib/format";
import { addNotice, isFresh, laterSequence, reconnectDelay, sequenceKey } from "./lib/reminders";
import { useSession } from "./session";

// Live reminders: planning's WatchReminders read as Server-Sent Events for as long as the person
// is signed in, reconnecting with the last sequence seen (kept in localStorage, so a reload
// neither repeats nor loses one). A reminder that falls due shows as a toast until closed.
export function Reminders() {
  const { api, session } = useSession();
  const [shown, setShown] = useState<ReminderNotice[]>([]);
  const subject = session?.subject ?? "";

  useEffect(() => {
    if (!subject) return;
    const controller = new AbortController();
    const key = sequenceKey(subject);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const after = localStorage.getItem(key) ?? "0";
      api
        .watchReminders(
          after,
          (notice) => {
            localStorage.setItem(key, laterSequence(localStorage.getItem(key) ?? "0", notice.sequence));
            if (isFresh(notice, Date.now())) setShown((list) => addNotice(list, notice));
          },
          controller.signal,
        )
        .then(() => null as unknown)
        .catch((e: unknown) => e)
        .then((error) => {
          if (controller.signal.aborted) return;
          const delay = reconnectDelay(error);
          if (delay !== null) timer = setTimeout(connect, delay);
        });
    };
    connect();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api, subject]);

  if (shown.length === 0) return null;
  return (
    <div className="toasts" data-testid="reminders" aria-live="polite">
      {shown.map((n) => (
        <div className="toast" role="status" key={n.sequence} data-contact={n.contact}>
          <button className="link-button" aria-label="Закрыть" onClick={() => setShown(shown.filter((s) => s !== n))}>
            ×
          </button>
          <b>Напоминание: {label(n.task?.type)}</b>
          <div>
            {n.clientDisplayName} · {n.localStartTime}
          </div>
          {n.task?.purpose && <div>{n.task.purpose}</div>}
          <Link to={`/contacts/${idOf(n.contact)}`} onClick={() => setShown(shown.filter((s) => s !== n))}>
            Открыть задачу
          </Link>
        </div>
      ))}
    </div>
  );
}
