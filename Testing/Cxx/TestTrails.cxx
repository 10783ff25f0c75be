// Trails assembled by SampleId across time steps, against rows placed by hand.
#include "Trails.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

TEST(Trails, EachSampleGetsItsEarlierRowsByIdOldestFirst)
{
  // Now: samples 7, 3, 9 (2-D). Two earlier steps, in other row orders; 9 is new at the last
  // step, 3 is missing from the oldest.
  const std::int64_t now[3] = { 7, 3, 9 };
  const std::int64_t oldestIds[2] = { 7, 5 };
  const float oldest[4] = { 1, 2, 50, 50 };
  const std::int64_t previousIds[3] = { 3, 7, 5 };
  const float previous[6] = { 30, 31, 10, 11, 60, 60 };
  const std::vector<neurotour::TrailStep> steps = { { oldestIds, 2, oldest },
    { previousIds, 3, previous } };
  const std::vector<float> trails = neurotour::AssembleTrails(now, 3, 2, steps);
  ASSERT_EQ(trails.size(), 3u * 2u * 2u);
  // Sample 7: (1, 2) then (10, 11).
  EXPECT_EQ(trails[0], 1);
  EXPECT_EQ(trails[1], 2);
  EXPECT_EQ(trails[2], 10);
  EXPECT_EQ(trails[3], 11);
  // Sample 3: nowhere in the oldest step, then (30, 31).
  EXPECT_TRUE(std::isnan(trails[4]) && std::isnan(trails[5]));
  EXPECT_EQ(trails[6], 30);
  EXPECT_EQ(trails[7], 31);
  // Sample 9: in neither.
  for (int k = 8; k < 12; ++k)
  {
    EXPECT_TRUE(std::isnan(trails[k]));
  }
}

TEST(Trails, NoStepsGiveNoValuesAndBadInputIsRefused)
{
  const std::int64_t now[2] = { 1, 2 };
  EXPECT_TRUE(neurotour::AssembleTrails(now, 2, 3, {}).empty());
  const std::int64_t twice[2] = { 4, 4 };
  const float values[2] = { 0, 1 };
  const std::vector<neurotour::TrailStep> steps = { { twice, 2, values } };
  EXPECT_THROW(neurotour::AssembleTrails(now, 2, 1, steps), neurotour::InvalidInput);
  EXPECT_THROW(neurotour::AssembleTrails(now, 2, 0, {}), neurotour::InvalidInput);
}
