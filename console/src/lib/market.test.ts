import { describe, expect, it } from "vitest";
import { marketKeyLabel, share } from "./market";

describe("market analysis labels", () => {
  it("names districts, regions, industries, size bands and lead sources", () => {
    expect(marketKeyLabel("district", "VOLGA")).toBe("Приволжский ФО");
    expect(marketKeyLabel("district", "MOON")).toBe("MOON");
    expect(marketKeyLabel("region", "63")).toBe("регион 63");
    expect(marketKeyLabel("industry", "41")).toBe("ОКВЭД 41");
    expect(marketKeyLabel("size", "<9")).toBe("до 9 м²");
    expect(marketKeyLabel("size", "9-18")).toBe("9–18 м²");
    expect(marketKeyLabel("size", "36+")).toBe("от 36 м²");
    expect(marketKeyLabel("source", "WEBSITE")).toBe("сайт");
    expect(marketKeyLabel("source", "LEAD_SOURCE_KIND_REFERRAL")).toBe("рекомендация");
    expect(marketKeyLabel("region", "")).toBe("не указано");
  });
  it("shows shares without dividing by zero", () => {
    expect(share("3", "8")).toBe("37,5 %");
    expect(share(1, 3)).toBe("33,3 %");
    expect(share("5", "0")).toBe("—");
  });
});
