// Names for the keys of analytics' market analysis. Pure functions. Lead sources are named by
// the console's one mapping (format.ts).
import { label } from "./format";

const districts: Record<string, string> = {
  CENTRAL: "Центральный",
  NORTHWESTERN: "Северо-Западный",
  SOUTHERN: "Южный",
  NORTH_CAUCASIAN: "Северо-Кавказский",
  VOLGA: "Приволжский",
  URAL: "Уральский",
  SIBERIAN: "Сибирский",
  FAR_EASTERN: "Дальневосточный",
};

// "VOLGA" -> "Приволжский ФО", "63" -> "регион 63", "41" -> "ОКВЭД 41", "<9" -> "до 9 м²",
// "WEBSITE" -> "сайт"; "" -> "не указано".
export function marketKeyLabel(kind: "district" | "region" | "industry" | "size" | "source", key?: string): string {
  if (!key) return "не указано";
  switch (kind) {
    case "district":
      return districts[key] ? `${districts[key]} ФО` : key;
    case "region":
      return `регион ${key}`;
    case "industry":
      return `ОКВЭД ${key}`;
    case "size":
      if (key.startsWith("<")) return `до ${key.slice(1)} м²`;
      if (key.endsWith("+")) return `от ${key.slice(0, -1)} м²`;
      return `${key.replace("-", "–")} м²`;
    case "source":
      return label(key.startsWith("LEAD_SOURCE_KIND_") ? key : `LEAD_SOURCE_KIND_${key}`);
  }
}

// part of whole as "42 %" (one decimal at most); "—" when whole is zero.
export function share(part?: string | number, whole?: string | number): string {
  const w = Number(whole ?? 0);
  if (!(w > 0)) return "—";
  return `${((Number(part ?? 0) / w) * 100).toLocaleString("ru-RU", { maximumFractionDigits: 1 })} %`;
}
