"""Hovering a sample in the Grand Tour view shows its image (issue #12, item 8).

Sets up (through the agent) the first 4 Fashion-MNIST test images with a 2-D Embedding that
puts them at (1, 0), (-1, 0), (0, 1) and (0, -1): every sample is at distance 1 from the
centre, so the view's layout is the Embedding itself and each sample's place on the screen is
known. Rests the mouse on sample 0, then on sample 2.
Asserts: a tooltip appears beside the cursor with that sample's 28 x 28 image (found in a
screenshot as a 112 x 112 block of 4 x 4 texels matching the reader's pixels), and it is the
hovered sample's image, not another's; moving off the samples hides it.
"""
import time

import guidriver
from guidriver import Checks, Session

SIDE = 28
TEXEL = 4  # the tooltip draws each image pixel as 4 x 4 screen pixels


def image_near(shot, cursor, expected):
    """The best match of `expected` (28 x 28 values) drawn with 4 x 4 texels whose top-left
    corner is 10 to 40 pixels right of and below the cursor: (mean absolute difference of the
    texels' centres, corner)."""
    width, height, data = guidriver.read_ppm(shot)

    def grey(x, y):
        if not (0 <= x < width and 0 <= y < height):
            return 1000
        i = 3 * (y * width + x)
        return (data[i] + data[i + 1] + data[i + 2]) / 3.0

    best = (1e9, None)
    for dy in range(10, 41):
        for dx in range(10, 41):
            x0, y0 = cursor[0] + dx, cursor[1] + dy
            total = 0.0
            for r in range(0, SIDE, 3):  # every third row and column: enough to tell images apart
                for c in range(0, SIDE, 3):
                    total += abs(grey(x0 + TEXEL * c + TEXEL // 2, y0 + TEXEL * r + TEXEL // 2)
                                 - expected[r * SIDE + c])
                    if total > best[0] * 100:
                        break
            error = total / (((SIDE + 2) // 3) ** 2)
            if error < best[0]:
                best = (error, (x0, y0))
    return best


def test():
    checks = Checks()
    with Session("GUISampleTip") as gui:
        gui.wait_main_window()
        images, box, screen = guidriver.show_four_samples(gui, "view.ShowImages = 0\nview.ShowLegend = 0")
        gui.focus()
        for sample in (0, 2):
            cursor = screen[sample]
            gui.move(cursor[0] - 20, cursor[1] - 20)
            time.sleep(0.3)
            gui.move(*cursor)
            time.sleep(2.0)  # Qt's tooltip delay is 0.7 s
            shot = gui.screenshot("tip_sample_%d" % sample)
            error, corner = image_near(shot, cursor, images[sample])
            others = [image_near(shot, cursor, images[k])[0] for k in range(4) if k != sample]
            checks.check(error < 12 and error < min(others) / 2,
                         "resting on sample %d shows its image beside the cursor: mean error %.1f "
                         "at %s (other samples' images: %s)" % (
                             sample, error, corner, ["%.0f" % e for e in others]))
        gui.move(box[0] + 30, box[3] - 30)
        time.sleep(1.5)
        shot = gui.screenshot("tip_gone")
        error, _ = image_near(shot, screen[2], images[2])
        checks.check(error > 30, "moving off the samples hides the tooltip (error %.1f)" % error)
        checks.check(gui.alive(), "paraview is alive")
    checks.finish()


guidriver.run(test)
