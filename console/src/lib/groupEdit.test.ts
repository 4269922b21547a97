import { describe, expect, it } from "vitest";
import { Api } from "../api/client";
import { apiErrorFrom } from "../api/errors";
import { changesOf, updateErrorsFrom } from "./clientEdit";
import { groupDeletionQuestion, groupFields, groupFormOf } from "./groupEdit";

const group = {
  name: "groups/g1",
  displayName: "Самара, строители",
  description: "Для приглашений",
  kind: "GROUP_KIND_GEOGRAPHY",
  memberCount: "12",
  etag: "4",
};

interface Seen {
  url: string;
  init?: RequestInit;
}

function recording(seen: Seen[], body: unknown, status = 200) {
  return new Api(
    () => "tok",
    async (url: string, init?: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify(body), { status });
    },
  );
}

describe("editing a group", () => {
  it("sends only the changed fields with their mask and the etag read", async () => {
    const form = { ...groupFormOf(group), description: "  Для приглашений на Волга-Строй " };
    const changes = changesOf(groupFields, groupFormOf(group), form);
    expect(changes).toEqual({ values: { description: "Для приглашений на Волга-Строй" }, mask: ["description"] });
    const seen: Seen[] = [];
    await recording(seen, group).updateGroup(group.name, group.etag, changes.values, changes.mask);
    expect(seen[0].url).toBe("/v1/groups/g1?updateMask=description");
    expect(seen[0].init?.method).toBe("PATCH");
    expect(JSON.parse(String(seen[0].init?.body))).toEqual({
      description: "Для приглашений на Волга-Строй",
      name: "groups/g1",
      etag: "4",
    });
  });

  it("renames: the mask names display_name", () => {
    const changes = changesOf(groupFields, groupFormOf(group), { ...groupFormOf(group), displayName: "Самара" });
    expect(changes.mask).toEqual(["display_name"]);
  });

  it("puts the service's violations under the group's fields, in Russian when sent", () => {
    const error = apiErrorFrom(
      400,
      JSON.stringify({
        code: 3,
        message: "invalid request: group.display_name: is required",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            fieldViolations: [
              {
                field: "group.display_name",
                description: "is required",
                localizedMessage: { locale: "ru-RU", message: "Обязательное поле" },
              },
            ],
          },
        ],
      }),
    );
    expect(updateErrorsFrom(error, groupFields, "group").fields).toEqual({ displayName: "Обязательное поле" });
  });

  it("deletes with the etag after asking with the group's name and size", async () => {
    expect(groupDeletionQuestion(group)).toBe(
      "Удалить группу «Самара, строители»? В ней клиентов: 12; сами клиенты останутся в базе.",
    );
    expect(groupDeletionQuestion({ name: "groups/g2", displayName: "Пустая" })).toBe("Удалить группу «Пустая»?");
    const seen: Seen[] = [];
    await recording(seen, group).deleteGroup(group.name, group.etag);
    expect(seen[0].url).toBe("/v1/groups/g1?etag=4");
    expect(seen[0].init?.method).toBe("DELETE");
  });

  it("reads the group again for a fresh etag", async () => {
    const seen: Seen[] = [];
    const g = await recording(seen, { ...group, etag: "5" }).getGroup(group.name);
    expect(seen[0].url).toBe("/v1/groups/g1");
    expect(g.etag).toBe("5");
  });
});
