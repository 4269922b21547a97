// Editing a group of clients on the analyst's screen: the form's values from the group, and the
// question asked before deleting it (UpdateGroup with the changed fields' mask, DeleteGroup with
// the etag). The changes and the mask come from changesOf, as for a client.
import type { Group } from "../api/types";

// UpdateGroup's updatable fields, by their JSON names.
export const groupFields = ["displayName", "description"] as const;
export type GroupField = (typeof groupFields)[number];
export type GroupForm = Record<GroupField, string>;

export const groupFieldLabels: Record<GroupField, string> = {
  displayName: "Название",
  description: "Описание",
};

export function groupFormOf(g: Group): GroupForm {
  return { displayName: g.displayName ?? "", description: g.description ?? "" };
}

// What the confirmation asks before a group is deleted: its name and what goes with it.
export function groupDeletionQuestion(g: Group): string {
  const members = Number(g.memberCount ?? "0");
  const who = members > 0 ? ` В ней клиентов: ${members}; сами клиенты останутся в базе.` : "";
  return `Удалить группу «${g.displayName ?? g.name}»?${who}`;
}
