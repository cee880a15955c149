#pragma once
// Which communes (by representative point) and initiatives lie in a PAT, PCAET or CTE
// perimeter. A point on a perimeter's boundary is inside (prepared intersects on a point).

namespace tecsmap {
struct Territory;
struct StudyInputs;
struct AnalysisResult;
void overlay_perimeters(const Territory& territory, const StudyInputs& inputs,
                        AnalysisResult& result);
} // namespace tecsmap
