/** Whether berth made an image: the label, and whether the newest step is the one that set it. */
import { describe, expect, it } from "vitest";
import { imageOwnership } from "../../../runtime/image-ownership.ts";

const label = (value: string) => ({ "berth.image": value });
const step = (CreatedBy: string, Comment = "") => ({ CreatedBy, Comment });
// Histories as Engine 20.10 reports them, newest first.
const built = [
  step("/bin/sh -c #(nop)  LABEL berth.image=web/app"),
  step("/bin/sh -c echo hi > /a"),
  step('/bin/sh -c #(nop)  CMD ["/bin/sh"]'),
];
const imported = [step("", "Imported from -")];

describe("imageOwnership", () => {
  it("owns an image whose newest step set berth's label: a build's LABEL step, or an import", () => {
    expect(imageOwnership(label("web/app"), built, "web/app")).toEqual({ kind: "made-by-berth" });
    expect(imageOwnership(label("web/app"), imported, "web/app")).toEqual({ kind: "made-by-berth" });
  });

  it("does not own an image built FROM berth's: it inherits the label under steps of its own", () => {
    expect(imageOwnership(label("web/app"), [step("/bin/sh -c #(nop)  ENV A=1"), ...built], "web/app")).toEqual({
      kind: "derived",
      newestStep: "ENV A=1",
    });
    // BuildKit writes its steps without the /bin/sh prefix; an imported base is no different.
    expect(
      imageOwnership(label("web/app"), [step("RUN /bin/sh -c make", "buildkit.dockerfile.v0"), ...imported], "web/app"),
    ).toEqual({ kind: "derived", newestStep: "RUN /bin/sh -c make" });
    // docker commit of a container made from berth's image.
    expect(imageOwnership(label("web/app"), [step("sleep 60"), ...imported], "web/app").kind).toBe("derived");
  });

  it("does not own an image labelled for another node or deployment, or not labelled at all", () => {
    expect(imageOwnership(label("web/db"), built, "web/app")).toEqual({ kind: "not-labelled" });
    expect(imageOwnership(label("web2/app"), built, "web/app")).toEqual({ kind: "not-labelled" });
    expect(imageOwnership({}, built, "web/app")).toEqual({ kind: "not-labelled" });
  });

  it("does not own a build whose last LABEL step names another owner, nor an image with no history", () => {
    expect(
      imageOwnership(label("web/app"), [step("/bin/sh -c #(nop)  LABEL berth.image=web/app2"), ...built], "web/app")
        .kind,
    ).toBe("derived");
    expect(imageOwnership(label("web/app"), [], "web/app").kind).toBe("derived");
  });
});
