import { DEFAULT_SEGMENT, type Keyframe, type SegmentStyle } from './composeLatent'

/** The keyframe path: its faces, one style per gap between them, and the position along it. */
export interface PathState {
  keyframes: Keyframe[]
  segments: SegmentStyle[]
  position: number
}

export type PathAction =
  | { type: 'add'; keyframe: Keyframe }
  | { type: 'remove'; index: number }
  | { type: 'segment'; index: number; style: SegmentStyle }
  | { type: 'position'; position: number }

export function pathReducer(state: PathState, action: PathAction): PathState {
  switch (action.type) {
    case 'add': {
      // the new face is appended and shown
      const keyframes = [...state.keyframes, action.keyframe]
      return {
        keyframes,
        segments: keyframes.length > 1 ? [...state.segments, DEFAULT_SEGMENT] : state.segments,
        position: keyframes.length - 1,
      }
    }
    case 'remove': {
      if (state.keyframes.length <= 1) return state
      const keyframes = state.keyframes.filter((_, index) => index !== action.index)
      // the gaps on either side of the removed face become one, keeping the style of the first
      const gone = Math.max(0, action.index === state.keyframes.length - 1 ? action.index - 1 : action.index)
      return {
        keyframes,
        segments: state.segments.filter((_, index) => index !== gone),
        position: Math.min(state.position, keyframes.length - 1),
      }
    }
    case 'segment':
      return {
        ...state,
        segments: state.segments.map((style, index) => (index === action.index ? action.style : style)),
      }
    case 'position':
      return { ...state, position: Math.min(Math.max(action.position, 0), state.keyframes.length - 1) }
  }
}
