import { describe, expect, it } from "vitest";
import { Api } from "../api/client";
import {
  emptySelectionForm,
  filterOf,
  regionCodesOf,
  selectionChangesOf,
  selectionDeletionQuestion,
  selectionFormOf,
  selectionOf,
  selectionSummary,
} from "./selectionEdit";

const selection = {
  name: "mailingSelections/s1",
  displayName: "Приглашения: Самара",
  description: "",
  personal: false,
  filter: { groups: ["groups/g1"], regionCodes: ["63"], query: "бетон" },
  subscribedOnly: false,
  validPostalAddressOnly: true,
  etag: "3",
};

function recording(seen: Array<{ url: string; init?: RequestInit }>, body: unknown) {
  return new Api(
    () => "tok",
    async (url: string, init?: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify(body), { status: 200 });
    },
  );
}

describe("a mailing selection's form", () => {
  it("reads region codes however they are separated", () => {
    expect(regionCodesOf(" 63, 64;65  73 ")).toEqual(["63", "64", "65", "73"]);
    expect(regionCodesOf("  ")).toEqual([]);
  });

  it("builds a new selection from the form, without empty conditions", () => {
    const form = { ...emptySelectionForm, displayName: " Всем ", regions: "63", subscribedOnly: true };
    expect(selectionOf(form)).toEqual({
      displayName: "Всем",
      description: "",
      personal: false,
      subscribedOnly: true,
      validPostalAddressOnly: false,
      filter: { regionCodes: ["63"] },
    });
  });

  it("keeps the filter's other conditions when the group and regions change", () => {
    const form = { ...selectionFormOf(selection), group: "", regions: "64" };
    expect(filterOf(form, selection.filter)).toEqual({ query: "бетон", regionCodes: ["64"] });
  });

  it("sends only the changed fields with their mask and the etag read", async () => {
    const form = { ...selectionFormOf(selection), displayName: "Приглашения 2027", subscribedOnly: true };
    const changes = selectionChangesOf(selection, form);
    expect(changes).toEqual({
      values: { displayName: "Приглашения 2027", subscribedOnly: true },
      mask: ["display_name", "subscribed_only"],
    });
    const seen: Array<{ url: string; init?: RequestInit }> = [];
    await recording(seen, selection).updateMailingSelection(selection.name, selection.etag, changes.values, changes.mask);
    expect(seen[0].url).toBe("/v1/mailingSelections/s1?updateMask=display_name%2Csubscribed_only");
    expect(seen[0].init?.method).toBe("PATCH");
    expect(JSON.parse(String(seen[0].init?.body))).toEqual({
      name: selection.name,
      etag: "3",
      displayName: "Приглашения 2027",
      subscribedOnly: true,
    });
  });

  it("masks the whole filter when its group or regions change, and nothing when only spacing did", () => {
    const same = { ...selectionFormOf(selection), regions: " 63 ", displayName: "Приглашения: Самара " };
    expect(selectionChangesOf(selection, same)).toEqual({ values: {}, mask: [] });
    const regrouped = { ...selectionFormOf(selection), group: "groups/g2" };
    expect(selectionChangesOf(selection, regrouped)).toEqual({
      values: { filter: { groups: ["groups/g2"], regionCodes: ["63"], query: "бетон" } },
      mask: ["filter"],
    });
  });

  it("deletes with the etag read, after a question naming it", async () => {
    expect(selectionDeletionQuestion(selection)).toContain("«Приглашения: Самара»");
    const seen: Array<{ url: string; init?: RequestInit }> = [];
    await recording(seen, selection).deleteMailingSelection(selection.name, "3");
    expect(seen[0].url).toBe("/v1/mailingSelections/s1?etag=3");
    expect(seen[0].init?.method).toBe("DELETE");
  });

  it("summarises the conditions with the group's name", () => {
    expect(selectionSummary(selection, [{ name: "groups/g1", displayName: "Строители" }])).toBe(
      "группа «Строители» · регионы 63 · только с верным адресом",
    );
  });
});

describe("adding group members by a filter", () => {
  it("posts the filter to the group's addMembersByFilter", async () => {
    const seen: Array<{ url: string; init?: RequestInit }> = [];
    await recording(seen, { changedCount: "2" }).addGroupMembersByFilter("groups/g1", { query: "Ладья" });
    expect(seen[0].url).toBe("/v1/groups/g1:addMembersByFilter");
    expect(seen[0].init?.method).toBe("POST");
    expect(JSON.parse(String(seen[0].init?.body))).toEqual({ filter: { query: "Ладья" } });
  });
});
